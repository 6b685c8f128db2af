/** `$evaluate-measure` parameters: read from the query or a Parameters body, and every one used or refused by name. */
import { describe, expect, it } from 'vitest';
import { parseEvaluateMeasure, periodBound } from './evaluate-measure-request.js';

const YEAR = { periodStart: '2026-01-01', periodEnd: '2026-12-31' };

function issues(result: ReturnType<typeof parseEvaluateMeasure>): string[] {
  return result.ok ? [] : result.issues.map((issue) => `${result.status} ${issue.code} ${issue.expression ?? ''}`);
}

describe('periodBound', () => {
  it('reads the period a FHIR date names, as the operation defines it', () => {
    expect(periodBound('2026', 'start')).toBe('2026-01-01');
    expect(periodBound('2026', 'end')).toBe('2026-12-31');
    expect(periodBound('2024-02', 'end')).toBe('2024-02-29');
    expect(periodBound('2026-02', 'start')).toBe('2026-02-01');
    expect(periodBound('2026-06-15', 'end')).toBe('2026-06-15');
    expect(periodBound('2026-06-15T23:30:00-05:00', 'start')).toBe('2026-06-15');
  });

  it('refuses what is not a calendar date', () => {
    for (const text of ['2026-02-30', '2026-13', '26', '2026/01/01', 'today', '2026-01-01T25', '']) {
      expect(periodBound(text, 'start'), text).toBeNull();
    }
  });
});

describe('parseEvaluateMeasure', () => {
  it('takes the query: a subject makes an individual report, none a summary', () => {
    expect(parseEvaluateMeasure('CMS130', { ...YEAR, subject: 'Patient/abc-1' }, undefined)).toEqual({
      ok: true,
      request: {
        measureId: 'CMS130',
        period: { start: '2026-01-01', end: '2026-12-31' },
        reportType: 'individual',
        patientId: 'abc-1',
      },
    });
    expect(parseEvaluateMeasure('CMS2', { periodStart: '2026', periodEnd: '2026' }, undefined)).toEqual({
      ok: true,
      request: { measureId: 'CMS2', period: { start: '2026-01-01', end: '2026-12-31' }, reportType: 'summary' },
    });
  });

  it('takes a Parameters body, with the value types FHIR clients send', () => {
    const body = {
      resourceType: 'Parameters',
      parameter: [
        { name: 'periodStart', valueDate: '2026-01-01' },
        { name: 'periodEnd', valueDateTime: '2026-12-31T23:59:59Z' },
        { name: 'subject', valueReference: { reference: 'Patient/p-1' } },
        { name: 'reportType', valueCode: 'population' },
        { name: 'measure', valueString: 'Measure/CMS125' },
      ],
    };
    expect(parseEvaluateMeasure('CMS125', {}, body)).toEqual({
      ok: true,
      request: {
        measureId: 'CMS125',
        period: { start: '2026-01-01', end: '2026-12-31' },
        reportType: 'summary',
        patientId: 'p-1',
      },
    });
    // A bare id, as the published test cases give their subject.
    const bare = parseEvaluateMeasure('CMS125', { ...YEAR, subject: 'b20cd591-3625-4d95-8081-6f2566c51fa6' }, null);
    expect(bare.ok && bare.request.patientId).toBe('b20cd591-3625-4d95-8081-6f2566c51fa6');
  });

  it('answers an unknown measure with 404', () => {
    expect(issues(parseEvaluateMeasure('CMS999', YEAR, undefined))).toEqual(['404 not-found Measure.id']);
  });

  it('names every parameter that is missing or wrong', () => {
    expect(issues(parseEvaluateMeasure('CMS130', {}, undefined))).toEqual([
      '400 required periodStart',
      '400 required periodEnd',
    ]);
    expect(issues(parseEvaluateMeasure('CMS130', { periodStart: '2026-02-30', periodEnd: 'soon' }, undefined))).toEqual(
      ['400 value periodStart', '400 value periodEnd'],
    );
    expect(
      issues(parseEvaluateMeasure('CMS130', { periodStart: '2026-06-01', periodEnd: '2026-05-31' }, undefined)),
    ).toEqual(['400 invalid periodEnd']);
    expect(issues(parseEvaluateMeasure('CMS130', { ...YEAR, reportType: 'subject' }, undefined))).toEqual([
      '400 required subject',
    ]);
    expect(issues(parseEvaluateMeasure('CMS130', { ...YEAR, reportType: 'individual' }, undefined))).toEqual([
      '400 value reportType',
    ]);
    expect(issues(parseEvaluateMeasure('CMS130', { ...YEAR, subject: 'Patient/a b' }, undefined))).toEqual([
      '400 invalid subject',
    ]);
    expect(issues(parseEvaluateMeasure('CMS130', { ...YEAR, subject: 'Group/g1' }, undefined))).toEqual([
      '400 not-supported subject',
    ]);
    expect(issues(parseEvaluateMeasure('CMS130', { ...YEAR, measure: 'CMS125' }, undefined))).toEqual([
      '400 invalid measure',
    ]);
    expect(issues(parseEvaluateMeasure('CMS130', { ...YEAR, periodStart: ['2026', '2025'] }, undefined))).toEqual([
      '400 invalid periodStart',
    ]);
    // Given in the query and again in the body: once only.
    expect(
      issues(
        parseEvaluateMeasure('CMS130', YEAR, {
          resourceType: 'Parameters',
          parameter: [{ name: 'periodEnd', valueDate: '2026-12-31' }],
        }),
      ),
    ).toEqual(['400 invalid periodEnd']);
  });

  it('refuses parameters it does not support instead of ignoring them', () => {
    expect(
      issues(
        parseEvaluateMeasure(
          'CMS130',
          { ...YEAR, practitioner: 'Practitioner/1', lastReceivedOn: '2026-01-01', _count: '5' },
          undefined,
        ),
      ),
    ).toEqual(['400 not-supported practitioner', '400 not-supported lastReceivedOn', '400 not-supported _count']);
    expect(issues(parseEvaluateMeasure('CMS130', { ...YEAR, reportType: 'subject-list' }, undefined))).toEqual([
      '400 not-supported reportType',
    ]);
  });

  it('refuses a body that is not a Parameters resource, or parameters without a name or value', () => {
    expect(issues(parseEvaluateMeasure('CMS130', YEAR, { resourceType: 'Patient' }))).toEqual([
      '400 structure Parameters',
    ]);
    expect(
      issues(
        parseEvaluateMeasure('CMS130', YEAR, {
          resourceType: 'Parameters',
          parameter: [{ valueString: 'x' }, { name: 'subject', valuePeriod: { start: '2026' } }],
        }),
      ),
    ).toEqual(['400 required Parameters.parameter[0].name', '400 invalid subject']);
  });
});
