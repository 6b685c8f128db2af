/**
 * Loads the generator's reference data from the files vendored in @benchline/workers (workers/reference/) and
 * prepares it. The only module of the generator that touches the file system; everything else receives the
 * prepared GeneratorReference. Loading takes a fraction of a second, so it is cached per process.
 */
import {
  loadAssignmentSpecialtyCodes,
  loadEcqmDirectReferenceCodes,
  loadEcqmValueSets,
  loadIcd10HccMap,
  loadPrimaryCareServiceCodes,
} from '@benchline/workers';
import { buildGeneratorReference, type GeneratorReference } from './reference.js';

let cached: GeneratorReference | undefined;

export function loadGeneratorReference(): GeneratorReference {
  cached ??= buildGeneratorReference({
    icd10HccMap: loadIcd10HccMap(),
    primaryCareServiceCodes: loadPrimaryCareServiceCodes(),
    assignmentSpecialties: loadAssignmentSpecialtyCodes(),
    valueSets: loadEcqmValueSets(),
    directReferenceCodes: loadEcqmDirectReferenceCodes(),
  });
  return cached;
}
