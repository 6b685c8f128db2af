import { Type, type Static } from 'typebox';
import { NPI_PATTERN, TIN_PATTERN } from '../codes.js';
import { EventSource, IsoDate, IsoMonth, MemberId, SourceId } from './common.js';

/**
 * Payer-supplied attribution (an MA plan's or commercial payer's member roster, an MSSP assignment list): the
 * months a member is attributed to the contract, as of the roster's date. A later `asOf` replaces an earlier
 * one for the same member and contract.
 */
export const RosterEvent = Type.Object(
  {
    kind: Type.Literal('roster'),
    contractId: SourceId,
    memberId: MemberId,
    asOf: IsoDate,
    months: Type.Array(IsoMonth, { maxItems: 600, uniqueItems: true }),
    attributedNpi: Type.Optional(Type.String({ pattern: NPI_PATTERN })),
    attributedTin: Type.Optional(Type.String({ pattern: TIN_PATTERN })),
    source: Type.Optional(EventSource),
  },
  { additionalProperties: false },
);
export type RosterEvent = Static<typeof RosterEvent>;
