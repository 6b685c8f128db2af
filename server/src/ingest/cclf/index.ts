/** CCLF import: the monthly claim and beneficiary files CMS sends an ACO, read against their CCLF0 and mapped. */
export type { CclfDelivery, DeliveredFile, FoundFiles } from './delivery.js';
export { findCclfFiles, folderFiles, openDelivery } from './delivery.js';
export type { CclfFileKind, CclfFileName } from './file-names.js';
export { recogniseCclfFileName } from './file-names.js';
export type { CclfImportOptions, CclfUnitKind, CclfUnitResult, CclfUnitStatus } from './import-delivery.js';
export { importCclfDelivery } from './import-delivery.js';
export { CCLF_LAYOUT } from './layout/cclf-layout.js';
export type { CclfFieldLayout, CclfFileType } from './layout/layout-csv.js';
export { CCLF_FILE_TYPES, parseLayoutCsv, renderLayoutModule } from './layout/layout-csv.js';
export { ADJUSTMENT_CODES, claimVersion } from './claim-identity.js';
export type { MbiLink } from './mbi-crosswalk.js';
export type { CclfIssue } from './record-reader.js';
export type { MbiCrosswalkStore } from './redis-stores.js';
export { createMbiCrosswalkStore, createStoredHistory, inMemoryMbiCrosswalkStore } from './redis-stores.js';
export type { CclfSummary, SummaryRow } from './summary.js';
export { DeliveryRefused, parseSummary } from './summary.js';
