import { Type, type Static } from 'typebox';

/** The answer to an accepted event: stored durably, applied asynchronously. */
export const IngestResult = Type.Object({
  status: Type.Enum(['accepted', 'duplicate']),
  eventId: Type.String({ description: 'Position of the event in the tenant event store' }),
});
export type IngestResult = Static<typeof IngestResult>;
