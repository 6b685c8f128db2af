/**
 * @benchline/tools generator — the deterministic synthetic ACO every test, demo and benchmark uses: members,
 * providers, claims and clinical events calibrated to published MSSP figures (see profile.ts), generated lazily
 * per member from a seed, the organisation's contracts (an MSSP agreement whose benchmark is calibrated to the
 * generator's own spend, an MA plan with its roster; see contracts.ts), plus a live feed that yields what a
 * simulated clock would see arrive next.
 */
export type { GeneratorOptions, GeneratorWindow, MemberBundle, SyntheticAco } from './generator.js';
export { createSyntheticAco, DEFAULT_GENERATOR_OPTIONS, LIVE_FEED_MONTHS } from './generator.js';
export type { GeneratedContracts } from './contracts.js';
export { maCapitationPmpm, msspBenchmark } from './contracts.js';
export type { CalibrationSample, MeasuredPerCapita, MsspSpendByType } from './mssp-spend.js';
export { measureAssignedPerCapita, membersWithMonthsOf, msspSpendByType } from './mssp-spend.js';
export type { LiveFeed, LiveFeedItem } from './live-feed.js';
export { createLiveFeed } from './live-feed.js';
export type { ClaimLagShape, ConditionProfile, GeneratorProfile } from './profile.js';
export { DEFAULT_PROFILE } from './profile.js';
export type { ClinicalCodes, GeneratorReference, ReferenceInput } from './reference.js';
export { buildGeneratorReference, paymentYearForService } from './reference.js';
export { loadGeneratorReference } from './load-reference.js';
export type { CalibrationSummary, QualitySummary } from './calibration.js';
export { finalClaims, summarizeCalibration, summarizeQuality } from './calibration.js';
export type { ConditionDefinition } from './conditions.js';
export { CONDITION_DEFINITIONS } from './conditions.js';
export type { AgeBand, ConditionKey, EnrollmentType, SpendCategory } from './types.js';
export { CONDITION_KEYS, ENROLLMENT_TYPES, SPEND_CATEGORIES } from './types.js';
export type { CclfDeliveryOptions, WrittenDelivery } from './cclf-writer.js';
export { cclfCarried, writeCclfDelivery } from './cclf-writer.js';
