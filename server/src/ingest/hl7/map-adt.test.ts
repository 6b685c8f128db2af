/**
 * HL7 v2 ADT → `adt` notification, against hand-written v2.5.1 (and one v2.3) messages in __fixtures__ — one per
 * trigger event, a batch, an unknown patient and a malformed message — and the ACK each is answered with.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAck } from './ack.js';
import { splitHl7Messages } from './hl7-text.js';
import { type AdtReading, readAdtMessage } from './map-adt.js';

const NOW = new Date('2026-03-06T16:00:00Z');

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'latin1');
}

function read(text: string, timeZone?: string): AdtReading {
  const [message] = splitHl7Messages(text).messages;
  return readAdtMessage(message ?? '', { timeZone });
}

function readOk(text: string, timeZone?: string): Extract<AdtReading, { status: 'read' }> {
  const reading = read(text, timeZone);
  expect(reading.status === 'refused' ? reading.issues : []).toEqual([]);
  return reading as Extract<AdtReading, { status: 'read' }>;
}

/** A fixture with one segment's field replaced (`PV1`, 19, '') — fields counted as HL7 counts them. */
function withField(text: string, segment: string, field: number, value: string): string {
  return text
    .split('\r')
    .map((line) => {
      if (!line.startsWith(`${segment}|`)) {
        return line;
      }
      const parts = line.split('|');
      const index = segment === 'MSH' ? field - 1 : field;
      while (parts.length <= index) {
        parts.push('');
      }
      parts[index] = value;
      return parts.join('|');
    })
    .join('\r');
}

function withoutSegment(text: string, segment: string): string {
  return text
    .split('\r')
    .filter((line) => !line.startsWith(`${segment}|`))
    .join('\r');
}

function ackLines(reading: AdtReading): string[] {
  const code = reading.status === 'read' ? 'AA' : reading.ack;
  const issues = reading.status === 'read' ? reading.warnings : reading.issues;
  return buildAck(reading.message, code, issues, NOW).toString().split('\r');
}

describe('readAdtMessage: every trigger event', () => {
  it('A01: an inpatient admission with everything the feed gives', () => {
    const reading = readOk(fixture('a01-admit.hl7'));
    expect(reading.notification).toEqual({
      kind: 'adt',
      sender: 'EPICADT^GENHOSP',
      messageId: 'GH20260302-0001',
      event: 'admit',
      eventAt: '2026-03-02T21:14:00-05:00',
      occurredAt: '2026-03-02T21:10:00-05:00',
      visitNumber: 'V4400123',
      visitAssigner: 'GENHOSP',
      patientClass: 'inpatient',
      admitAt: '2026-03-02T21:10:00-05:00',
      facility: { id: 'GENHOSP', name: 'General Hospital', ccn: '330101', npi: '1987654328' },
      location: '4WEST 412 B',
      attendingNpi: '1548226988',
      // PV2-3 as admitting, the DG1s with their types; the SNOMED-coded DG1 is not carried.
      diagnoses: [
        { code: 'I5023', type: 'admitting' },
        { code: 'E1122', type: 'working' },
      ],
      source: 'hl7',
    });
    // The social security number (PID-3 type SS, and PID-19) is never used nor kept.
    expect(reading.identifiers).toEqual([
      { value: 'MRN7755123', authority: 'GENHOSP', type: 'MR' },
      { value: '1EG4-TE5-MK73', authority: 'CMS', type: 'MC' },
    ]);
    expect(reading.patient).toEqual({ familyName: 'RIVERA', givenName: 'ELENA', birthDate: '1952-04-17', sex: 'F' });
    expect(reading.warnings).toEqual([]);
  });

  it.each([
    ['a02-transfer.hl7', 'transfer', { location: 'ICU 2 A', occurredAt: '2026-03-03T07:55:00-05:00' }],
    [
      'a08-update.hl7',
      'update',
      {
        diagnoses: [
          { code: 'I5023', type: 'working' },
          { code: 'N184', type: 'working' },
        ],
      },
    ],
    ['a11-cancel-admit.hl7', 'cancel-admit', { eventAt: '2026-03-02T21:45:00-05:00' }],
    ['a04-observation.hl7', 'register', { patientClass: 'observation', admitAt: '2026-05-20T16:20:00-04:00' }],
  ])('%s → %s', (name, event, fields) => {
    expect(readOk(fixture(name)).notification).toMatchObject({ event, ...fields });
  });

  it('A03: a discharge, its times read in the sender’s zone (they carry no offset)', () => {
    expect(readOk(fixture('a03-discharge.hl7'), 'America/New_York').notification).toMatchObject({
      event: 'discharge',
      eventAt: '2026-03-06T11:00:00-05:00',
      dischargeAt: '2026-03-06T10:45:00-05:00',
      dischargeDisposition: { system: 'nubc', code: '06' },
      diagnoses: [{ code: 'I5023', type: 'final' }],
    });
    // Without a configured zone, MSH-7's offset is the sender's.
    expect(readOk(fixture('a03-discharge.hl7')).notification.dischargeAt).toBe('2026-03-06T10:45:00-05:00');
  });

  it('A13: a cancelled discharge leaves out the discharge it cancels', () => {
    const { notification } = readOk(fixture('a13-cancel-discharge.hl7'));
    expect(notification.event).toBe('cancel-discharge');
    expect(notification).not.toHaveProperty('dischargeAt');
    expect(notification).not.toHaveProperty('dischargeDisposition');
  });

  it('A04 in v2.3: an emergency visit at another hospital, its visit numbered by that hospital', () => {
    const reading = readOk(fixture('a04-ed-register-v23.hl7'));
    expect(reading.notification).toMatchObject({
      sender: 'MEDITECH^STMARYS',
      messageId: '000004417',
      event: 'register',
      patientClass: 'emergency',
      visitNumber: 'E9900017',
      visitAssigner: 'STMARYS',
      admitAt: '2026-04-11T02:01:00-04:00',
      facility: { id: 'STMARYS' },
      attendingNpi: '1122334455',
      diagnoses: [{ code: 'R079', type: 'admitting' }],
    });
  });

  it('a batch file: both messages, MLLP framing and CR LF notwithstanding', () => {
    const split = splitHl7Messages(fixture('batch.hl7'));
    expect(split.batch).not.toBeNull();
    expect(split.messages.map((message) => readAdtMessage(message)).map((r) => r.status)).toEqual(['read', 'read']);
  });
});

describe('readAdtMessage: what is refused (AR), wrong (AE) or left out with a warning (AA)', () => {
  const admit = fixture('a01-admit.hl7');

  it.each([
    ['an ORU (not ADT)', withField(admit, 'MSH', 9, 'ORU^R01^ORU_R01'), 'MSH^1^9^1', 200],
    ['A05 (pre-admit, not taken)', withField(admit, 'MSH', 9, 'ADT^A05^ADT_A05'), 'MSH^1^9^2', 201],
    ['version 2.2', withField(admit, 'MSH', 12, '2.2'), 'MSH^1^12', 203],
    ['a training message (processing id T)', withField(admit, 'MSH', 11, 'T'), 'MSH^1^11', 202],
  ])('AR: %s', (_name, text, location, code) => {
    const reading = read(text);
    expect(reading).toMatchObject({ status: 'refused', ack: 'AR' });
    const lines = ackLines(reading);
    expect(lines[1]).toBe('MSA|AR|GH20260302-0001|Application Reject');
    expect(lines[2]).toMatch(new RegExp(`^ERR\\|\\|${location.replace(/\^/g, '\\^')}\\|${code}\\^`));
  });

  it.each([
    ['no control id', withField(admit, 'MSH', 10, ''), ['MSH', 10, 101]],
    ['no PID', withoutSegment(admit, 'PID'), ['PID', 0, 100]],
    ['no PV1', withoutSegment(admit, 'PV1'), ['PV1', 0, 100]],
    ['no patient class', withField(admit, 'PV1', 2, ''), ['PV1', 2, 101]],
    ['a patient class outside table 0004', withField(admit, 'PV1', 2, 'X'), ['PV1', 2, 103]],
    ['only a social security number', withField(admit, 'PID', 3, '123-45-6789^^^SSA^SS'), ['PID', 3, 101]],
    ['no visit number anywhere', withField(withField(admit, 'PV1', 19, ''), 'PID', 18, ''), ['PV1', 19, 101]],
    ['an event time on 30 February', withField(admit, 'EVN', 2, '20260230101000-0500'), ['EVN', 2, 102]],
    ['an admission time given to the month', withField(admit, 'PV1', 44, '202603'), ['PV1', 44, 102]],
    ['a control id with a letter outside ASCII', withField(admit, 'MSH', 10, 'GH\u00e91'), ['MSH', 10, 102]],
  ])('AE: %s', (_name, text, [segment, field, code]) => {
    const reading = read(text);
    expect(reading).toMatchObject({ status: 'refused', ack: 'AE' });
    expect(reading.status === 'refused' ? reading.issues : []).toContainEqual(
      expect.objectContaining({ segment, field, code, severity: 'E' }),
    );
  });

  it('AE lists every problem of the malformed fixture, each in its own ERR segment', () => {
    const lines = ackLines(read(fixture('malformed.hl7')));
    expect(lines[0]).toMatch(
      /^MSH\|\^~\\&\|BENCHLINE\|ACO\|EPICADT\|GENHOSP\^330101\^CCN\|20260306160000\+0000\|\|ACK\^A01\^ACK\|ACK[0-9A-F]{17}\|P\|2\.5\.1$/,
    );
    expect(lines.slice(1)).toEqual([
      'MSA|AE|GH20260302-0666|Application Error',
      'ERR||PV1^1^2|103^Table value not found^HL70357|E||||the patient class is not one of HL7 table 0004 (I, E, O, P, R, B, C, N, U)',
      'ERR||PV1^1^19|101^Required field missing^HL70357|E||||the visit number (PV1-19, else PID-18) is required',
      'ERR||PV1^1^44|102^Data type error^HL70357|E||||is not a date and time that exists',
    ]);
  });

  it('AA with warnings: a malformed secondary field is left out and named', () => {
    let text = withField(admit, 'PV1', 7, '1234567890^OKAFOR^CHIDI^^^^MD^^^^^^NPI');
    text = withField(text, 'PV1', 36, '0 6');
    text = text.replace('DG1|2||E11.22', 'DG1|2||250.00');
    text = withField(text, 'EVN', 6, '20260231');
    const reading = readOk(text);
    expect(reading.notification).not.toHaveProperty('attendingNpi');
    expect(reading.notification).not.toHaveProperty('occurredAt');
    expect(reading.notification.diagnoses).toEqual([{ code: 'I5023', type: 'admitting' }]);
    expect(reading.warnings.map((w) => [w.segment, w.sequence, w.field, w.code, w.severity])).toEqual([
      ['EVN', 1, 6, 102, 'W'],
      ['PV1', 1, 7, 102, 'W'],
      ['PV1', 1, 36, 102, 'W'],
      ['DG1', 2, 3, 102, 'W'],
    ]);
    expect(ackLines(reading).filter((line) => line.startsWith('ERR'))).toHaveLength(4);
  });

  it('warns once when times without an offset had to be read as UTC', () => {
    const text = withField(fixture('a03-discharge.hl7'), 'MSH', 7, '20260306110005');
    const reading = readOk(text);
    expect(reading.notification.dischargeAt).toBe('2026-03-06T10:45:00+00:00');
    expect(reading.warnings).toEqual([expect.objectContaining({ segment: 'MSH', field: 7, severity: 'W' })]);
  });

  it('a header that cannot be read is rejected with a generic ACK', () => {
    const reading = readAdtMessage('MSH|^~|X');
    expect(reading).toMatchObject({ status: 'refused', ack: 'AR' });
    const lines = ackLines(reading);
    expect(lines[0]).toMatch(/^MSH\|\^~\\&\|\|\|\|\|\d{14}\+0000\|\|ACK\|ACK[0-9A-F]{17}\|P\|2\.5\.1$/);
    expect(lines[1]).toBe('MSA|AR||Application Reject');
  });

  it('answers a v2.3 sender in ERR-1 as well, the field its version has', () => {
    const text = withField(fixture('a04-ed-register-v23.hl7'), 'PV1', 2, '');
    const err = ackLines(read(text)).find((line) => line.startsWith('ERR'));
    expect(err).toBe(
      'ERR|PV1^1^2^101&Required field missing|PV1^1^2|101^Required field missing^HL70357|E||||the patient class is required',
    );
  });

  it('never writes a value from the message into an ERR segment', () => {
    const text = withField(admit, 'PV1', 44, '2026MARCH02');
    const lines = ackLines(read(text)).join('\r');
    expect(lines).not.toContain('MARCH');
    expect(lines).not.toContain('RIVERA');
  });
});
