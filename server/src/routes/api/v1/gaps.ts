/**
 * The care-gap queue, read page by page:
 *   GET /api/v1/gaps?kind=&subject=&tin=&npi=&coordinator=&status=&limit=&offset=
 * Open gaps highest priority first (the order the live `gaps` view keeps), filtered by any of kind, subject (the
 * measure id, `AWV` or the HCC), the attributed TIN and NPI, the coordinator the patient is assigned to (`-` for
 * nobody) and the gap's worklist status — each filter a sorted set the workers keep in the same step as the queue,
 * so a filtered page is an intersection, never a scan of rows. The answer carries the queue's version (the live
 * view's: changes after it arrive as row deltas) and each source's freshness. Every page is a read of patient data
 * and is audited before it is sent, with the member ids it shows.
 */
import { PEOPLE } from '../../../plugins/app/auth.js';
import type { GapFilterField, GapQueueRow, SourceFreshness } from '@benchline/shared';
import {
  GAP_FILTER_FIELDS,
  GapQueueRow as GapQueueRowSchema,
  SourceFreshness as FreshnessSchema,
} from '@benchline/shared';
import { TIN_PATTERN, UNASSIGNED, USER_ID_PATTERN, WORKLIST_STATUSES } from '@benchline/shared';
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { serviceUnavailable } from '../../../http/errors.js';
import { freshnessOf } from '../../../plugins/app/view-store.js';

const Query = Type.Object(
  {
    kind: Type.Optional(Type.Enum(['measure', 'annual-wellness-visit', 'hcc-recapture', 'care-transition'])),
    subject: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9 ._\\-]{1,60}$',
        description: 'A measure id (CMS130), AWV, an HCC (V28 HCC 37), or ADMIT, ED, TCM',
      }),
    ),
    tin: Type.Optional(Type.String({ pattern: TIN_PATTERN, description: 'The attributed practice (TIN)' })),
    npi: Type.Optional(Type.String({ pattern: '^[0-9]{10}$', description: 'The attributed clinician (NPI)' })),
    coordinator: Type.Optional(
      Type.Union([Type.String({ pattern: USER_ID_PATTERN }), Type.Literal(UNASSIGNED)], {
        description: `The coordinator the patient is assigned to (a user id), or ${UNASSIGNED} for nobody`,
      }),
    ),
    status: Type.Optional(Type.Enum([...WORKLIST_STATUSES], { description: "The gap's worklist status" })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'Rows per page (default 50)' })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Rows to skip (default 0)' })),
  },
  { additionalProperties: false },
);
type Query = Static<typeof Query>;

const Page = Type.Object({
  version: Type.Integer(),
  total: Type.Integer(),
  rows: Type.Array(GapQueueRowSchema),
  freshness: FreshnessSchema,
});

/** HL7 PurposeOfUse: care management — coordinators working the queue. */
const PURPOSE = 'CAREMGT';

const gaps: FastifyPluginAsync = async (app) => {
  const { redis, keys } = app;

  app.get<{ Querystring: Query }>(
    '/gaps',
    {
      schema: {
        summary: 'The open care-gap queue, highest priority first, filtered and paged',
        tags: ['gaps'],
        querystring: Query,
        response: { 200: Page },
      },
      config: { access: PEOPLE },
    },
    async (request) => {
      const tenantId = app.tenantOf(request);
      const filters = GAP_FILTER_FIELDS.flatMap((field: GapFilterField) => {
        const value = request.query[field];
        return value === undefined ? [] : [keys.openGapIndex(tenantId, field, value)];
      });
      const { limit = 50, offset = 0 } = request.query;
      let page: { version: number; total: number; rows: GapQueueRow[]; freshness: SourceFreshness };
      try {
        page = await readPage(tenantId, filters, offset, limit, request.id);
      } catch (error) {
        request.log.warn({ err: (error as Error).message }, 'gap queue read failed');
        throw serviceUnavailable();
      }
      try {
        await request.audit({
          action: 'gap-queue-read',
          resource: 'GapQueue',
          patients: { memberIds: [...new Set(page.rows.map((row) => row.memberId))] },
          outcome: 'success',
          purpose: PURPOSE,
        });
      } catch {
        // A read that cannot be audited is not served.
        throw serviceUnavailable('the audit trail is unavailable; retry later');
      }
      return page;
    },
  );

  /**
   * One page, its total, the view version and freshness in one MULTI (a consistent cut). Several filters are
   * intersected into a key of the tenant's slot that the same MULTI deletes.
   */
  async function readPage(
    tenantId: string,
    filters: string[],
    offset: number,
    limit: number,
    requestId: string,
  ): Promise<{ version: number; total: number; rows: GapQueueRow[]; freshness: SourceFreshness }> {
    const multi = redis.multi();
    let source = keys.openGaps(tenantId);
    let scratch: string | null = null;
    if (filters.length === 1) {
      source = filters[0] as string;
    } else if (filters.length > 1) {
      scratch = `${keys.openGapIndexPrefix(tenantId)}query:${requestId}`;
      // Weights 1, 0, 0…: the intersection keeps the queue's priority as its score.
      multi.zinterstore(scratch, filters.length, ...filters, 'WEIGHTS', 1, ...filters.slice(1).map(() => 0));
      source = scratch;
    }
    multi.zcard(source);
    multi.zrevrange(source, offset, offset + limit - 1);
    if (scratch !== null) {
      multi.del(scratch);
    }
    multi.get(keys.viewVersion(tenantId, 'gaps'));
    multi.hget(keys.spendMeta(tenantId), 'paidThrough');
    multi.hgetall(keys.freshness(tenantId));
    const replies = await multi.exec();
    if (replies === null) {
      throw new Error('the gap queue read was aborted');
    }
    const values = replies.map(([error, value]) => {
      if (error !== null) {
        throw error;
      }
      return value;
    });
    const tail = values.slice(scratch === null ? 0 : 1);
    const [total, ids, ...rest] = tail as [number, string[], ...unknown[]];
    const [version, paidThrough, freshness] = rest.slice(scratch === null ? 0 : 1) as [
      string | null,
      string | null,
      Record<string, string>,
    ];
    const raw = ids.length === 0 ? [] : await redis.hmget(keys.openGapRows(tenantId), ...ids);
    // A row removed between the two reads is left out; the live view's next change says so too.
    const rows = raw.flatMap((row) => (row === null ? [] : [JSON.parse(row) as GapQueueRow]));
    return {
      version: Number(version ?? 0),
      total,
      rows,
      freshness: freshnessOf(freshness, paidThrough),
    };
  }
};

export default gaps;
