import { Type, type Static } from 'typebox';
import { CCN_PATTERN, NPI_PATTERN, SPECIALTY_CODE_PATTERN, TIN_PATTERN } from '../codes.js';
import { EventSource, FreeText, IsoDate, SourceId } from './common.js';

/**
 * A practitioner or organisation billing under a TIN, and whether it is on the ACO participant list. A record
 * with a later `asOf` replaces an earlier one for the same NPI and TIN.
 */
export const ProviderEvent = Type.Object(
  {
    kind: Type.Literal('provider'),
    npi: Type.String({ pattern: NPI_PATTERN }),
    tin: Type.String({ pattern: TIN_PATTERN }),
    asOf: IsoDate,
    ccn: Type.Optional(Type.String({ pattern: CCN_PATTERN, description: 'For FQHC/RHC/CAH billing' })),
    name: FreeText({ minLength: 1, maxLength: 200 }),
    entity: Type.Enum(['individual', 'organization']),
    specialtyCode: Type.String({ pattern: SPECIALTY_CODE_PATTERN, description: 'Medicare provider specialty code' }),
    practiceId: Type.Optional(SourceId),
    participant: Type.Boolean({ description: 'On the ACO participant list' }),
    effectiveFrom: IsoDate,
    effectiveTo: Type.Optional(IsoDate),
    source: Type.Optional(EventSource),
  },
  { additionalProperties: false },
);
export type ProviderEvent = Static<typeof ProviderEvent>;
