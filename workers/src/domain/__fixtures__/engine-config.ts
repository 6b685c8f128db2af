/**
 * The engines' configuration for unit tests: the vendored CMS tables (read once per test file) and a fixed day
 * in performance year 2026, so due dates, priorities and attribution do not move with the clock.
 */
import {
  loadAssignmentSpecialtyCodes,
  loadCmsHccTables,
  loadEcqmValueSets,
  loadPrimaryCareServiceCodes,
  readReferenceText,
} from '../../reference/index.js';
import { loadMeasureTerminology } from '../measures/index.js';
import type { MemberResultConfig } from '../member-result.js';

export const TEST_ENGINE_CONFIG: MemberResultConfig = {
  today: '2026-06-15',
  paymentYear: 2026,
  period: { start: '2026-01-01', end: '2026-12-31' },
  riskTables: loadCmsHccTables(),
  terminology: loadMeasureTerminology(readReferenceText, loadEcqmValueSets()),
  assignmentTables: { primaryCareCodes: loadPrimaryCareServiceCodes(), specialties: loadAssignmentSpecialtyCodes() },
};
