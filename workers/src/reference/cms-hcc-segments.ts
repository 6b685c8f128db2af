/**
 * The nine segments of the CMS-HCC model, named by their coefficient prefix in CMS's tables: community non-dual,
 * full-benefit dual and partial-benefit dual, each aged or disabled; long-term institutional; new enrollee; and
 * chronic-condition SNP new enrollee. No imports, so the pure risk engine can use the list too.
 */
export type RiskSegment = 'CNA' | 'CND' | 'CFA' | 'CFD' | 'CPA' | 'CPD' | 'INS' | 'NE' | 'SNPNE';

export const RISK_SEGMENTS: readonly RiskSegment[] = ['CNA', 'CND', 'CFA', 'CFD', 'CPA', 'CPD', 'INS', 'NE', 'SNPNE'];
