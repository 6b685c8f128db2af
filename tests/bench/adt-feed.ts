/**
 * A synthetic hospital ADT feed for the `adt` bench: members with MBIs (the tenant's roster) and the HL7 v2.5.1
 * messages five hospitals send about them over half a year — inpatient stays (A01 admit, A08 updates, A03
 * discharge), emergency visits (A04, sometimes an A08, A03) and observation stays (A04 with patient type OBS, A08,
 * A03), with per-facility MRNs and account-style visit numbers, attending NPIs, ICD-10 diagnoses and discharge
 * dispositions. Every message carries the MRN; admissions and registrations carry the MBI too, and two of the
 * hospitals send follow-ups with the MRN alone (the crosswalk, learnt from the admission, finds the member).
 * Deterministic for a seed; messages in event-time order, each member's in the order they happened.
 */
import type { MemberEvent } from '@benchline/shared';
import { VALID_MEMBER } from '../../shared/src/validation/__fixtures__/valid-events.js';
import { syntheticCcn, syntheticMbi, syntheticNpi } from '../../tools/src/generator/identifiers.js';
import { Random } from '../../tools/src/generator/random.js';

export interface AdtFeedPlan {
  members: number;
  seed: number;
}

export interface AdtFeedMessage {
  /** The member the message is about (its index in `members`). */
  member: number;
  trigger: 'A01' | 'A03' | 'A04' | 'A08';
  /** Minutes since the feed's start: messages are sorted by it. */
  at: number;
  /** The message, segments ending in \r. */
  text: string;
}

export interface AdtFeed {
  members: MemberEvent[];
  messages: AdtFeedMessage[];
  /** Stays and visits (each one visit number at one facility). */
  visits: number;
}

interface Hospital {
  /** MSH-3 sending application. */
  application: string;
  /** MSH-4 / PV1-3.4 / CX-4: the facility's namespace. */
  facility: string;
  ccn: string;
  name: string;
  /** Whether A08/A03 carry the MBI as well as the MRN (two of the five send the MRN alone). */
  mbiOnFollowUps: boolean;
  /** The first visit number this hospital's registration system gave out in the window. */
  firstVisit: number;
}

const HOSPITALS: readonly Hospital[] = [
  {
    application: 'EPICADT',
    facility: 'STLUKE',
    ccn: '',
    name: 'St Luke Regional',
    mbiOnFollowUps: true,
    firstVisit: 0,
  },
  {
    application: 'MEDITECH',
    facility: 'MERCYMC',
    ccn: '',
    name: 'Mercy Medical Center',
    mbiOnFollowUps: false,
    firstVisit: 0,
  },
  {
    application: 'CERNERADT',
    facility: 'VALLEYGEN',
    ccn: '',
    name: 'Valley General',
    mbiOnFollowUps: true,
    firstVisit: 0,
  },
  {
    application: 'EPICADT',
    facility: 'UNIVHOSP',
    ccn: '',
    name: 'University Hospital',
    mbiOnFollowUps: false,
    firstVisit: 0,
  },
  {
    application: 'SOARIAN',
    facility: 'LAKESIDE',
    ccn: '',
    name: 'Lakeside Community',
    mbiOnFollowUps: true,
    firstVisit: 0,
  },
].map((hospital, index) => ({
  ...hospital,
  ccn: syntheticCcn('33', 1, 101 + index * 37),
  firstVisit: 4_100_000_000 + index * 17_000_000,
}));

/** Where in each hospital patients of a class are put. */
const UNITS = { inpatient: ['4W', '5E', 'ICU', '3N', 'TELE'], emergency: ['ED'], observation: ['OBS'] } as const;

/** ICD-10-CM reasons for an admission or visit, as a registrar keys them (with the dot). */
const DIAGNOSES: readonly [string, string][] = [
  ['I50.23', 'Acute on chronic systolic (congestive) heart failure'],
  ['J44.1', 'Chronic obstructive pulmonary disease with (acute) exacerbation'],
  ['J18.9', 'Pneumonia, unspecified organism'],
  ['A41.9', 'Sepsis, unspecified organism'],
  ['N39.0', 'Urinary tract infection, site not specified'],
  ['I63.9', 'Cerebral infarction, unspecified'],
  ['S72.001A', 'Fracture of unspecified part of neck of right femur, initial encounter'],
  ['R07.9', 'Chest pain, unspecified'],
  ['R55', 'Syncope and collapse'],
  ['E11.65', 'Type 2 diabetes mellitus with hyperglycemia'],
  ['N17.9', 'Acute kidney failure, unspecified'],
  ['R10.9', 'Unspecified abdominal pain'],
];

/** NUBC patient status on discharge: home, home health, SNF, IRF, another hospital. */
const DISPOSITIONS = ['01', '01', '01', '06', '06', '03', '62', '02'];

const FAMILY = ['RIVERA', 'NGUYEN', 'SMITH', 'OKAFOR', 'KOWALSKI', 'PATEL', 'JOHNSON', 'GARCIA', 'MULLER', 'BROWN'];
const GIVEN = ['ELENA', 'JAMES', 'MARY', 'CHIDI', 'ANNA', 'RAVI', 'LINDA', 'JOSE', 'HELGA', 'ROBERT'];

/** 2026-01-01T00:00 in the hospitals' zone (UTC−05:00), as epoch minutes. */
const START_MINUTES = Date.UTC(2026, 0, 1, 5) / 60_000;
/** Half a year of feed. */
const WINDOW_MINUTES = 181 * 24 * 60;

/** HL7 TS with the hospitals' fixed offset: YYYYMMDDHHMMSS-0500. */
function ts(minutes: number): string {
  const local = new Date((START_MINUTES + minutes - 5 * 60) * 60_000).toISOString();
  return `${local.slice(0, 4)}${local.slice(5, 7)}${local.slice(8, 10)}${local.slice(11, 13)}${local.slice(14, 16)}00-0500`;
}

/** A segment from its fields by HL7 position (index 1 is field 1). */
function segment(name: string, fields: Record<number, string>): string {
  const last = Math.max(...Object.keys(fields).map(Number));
  const values = Array.from({ length: last }, (_, i) => fields[i + 1] ?? '');
  return `${name}|${values.join('|')}`;
}

const dashed = (mbi: string): string => `${mbi.slice(0, 4)}-${mbi.slice(4, 7)}-${mbi.slice(7)}`;

export function generateAdtFeed(plan: AdtFeedPlan): AdtFeed {
  const random = Random.of(plan.seed, 'adt-feed');
  const npis = Array.from({ length: 60 }, (_, i) => syntheticNpi(plan.seed, 50_000 + i));
  const visitCounters = HOSPITALS.map((hospital) => hospital.firstVisit);
  const members: MemberEvent[] = [];
  const messages: AdtFeedMessage[] = [];
  let visits = 0;
  let control = 0;

  for (let index = 0; index < plan.members; index += 1) {
    const mbi = syntheticMbi(plan.seed, index);
    const family = random.pick(FAMILY);
    const given = random.pick(GIVEN);
    const sex = random.chance(0.55) ? 'F' : 'M';
    const birth = `19${random.int(36, 59)}${String(random.int(1, 12)).padStart(2, '0')}${String(random.int(1, 28)).padStart(2, '0')}`;
    members.push({
      ...VALID_MEMBER,
      memberId: mbi,
      givenName: given,
      familyName: family,
      sex,
      birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`,
    });
    // Most members are seen somewhere in half a year of a high-utilising panel; some several times.
    const encounters = random.int(1, 3);
    // A member goes to one or two hospitals, each giving them its own MRN.
    const home = random.int(0, HOSPITALS.length - 1);
    let clock = random.int(0, Math.floor(WINDOW_MINUTES / 2));
    for (let encounter = 0; encounter < encounters && clock < WINDOW_MINUTES; encounter += 1) {
      const h = random.chance(0.8) ? home : random.int(0, HOSPITALS.length - 1);
      const hospital = HOSPITALS[h]!;
      visitCounters[h] = visitCounters[h]! + random.int(1, 40);
      const visit = `${visitCounters[h]}`;
      visits += 1;
      const mrn = `${hospital.facility.slice(0, 2)}${String(1_000_000 + ((index * 7919 + h * 104_729) % 8_999_999))}`;
      const kind = random.float();
      const patientClass: 'inpatient' | 'emergency' | 'observation' =
        kind < 0.35 ? 'inpatient' : kind < 0.8 ? 'emergency' : 'observation';
      const [code, text] = random.pick(DIAGNOSES);
      const attending = random.pick(npis);
      const unit = random.pick(UNITS[patientClass]);
      const room = `${random.int(1, 40)}`;
      const bed = random.pick(['A', 'B']);
      const admitAt = clock;
      const stayMinutes =
        patientClass === 'inpatient'
          ? random.int(2, 8) * 24 * 60 + random.int(0, 600)
          : patientClass === 'observation'
            ? random.int(18, 40) * 60
            : random.int(2, 9) * 60;
      const dischargeAt = admitAt + stayMinutes;
      const disposition = patientClass === 'emergency' ? '01' : random.pick(DISPOSITIONS);

      const message = (
        trigger: AdtFeedMessage['trigger'],
        at: number,
        options: { withMbi: boolean; discharged?: boolean; working?: [string, string] },
      ): void => {
        control += 1;
        const structure = trigger === 'A04' || trigger === 'A08' ? 'ADT_A01' : `ADT_${trigger}`;
        const identifiers = [`${mrn}^^^${hospital.facility}^MR`];
        if (options.withMbi) {
          identifiers.push(
            random.chance(0.5) ? `${dashed(mbi)}^^^CMS&2.16.840.1.113883.4.927&ISO^MC` : `${mbi}^^^CMS^MC`,
          );
        }
        const pv1: Record<number, string> = {
          1: '1',
          2: patientClass === 'inpatient' ? 'I' : patientClass === 'emergency' ? 'E' : 'O',
          3: `${unit}^${room}^${bed}^${hospital.facility}&${hospital.ccn}&CCN^^^^^${hospital.name} ${unit}`,
          4: patientClass === 'inpatient' ? 'U' : 'E',
          7: `${attending}^${family === 'SMITH' ? 'JONES' : 'SMITH'}^PAT^^^^MD^^NPI&2.16.840.1.113883.4.6&ISO^L^^^NPI`,
          10: patientClass === 'inpatient' ? 'MED' : 'EM',
          14: patientClass === 'inpatient' ? '7' : '1',
          18: patientClass === 'observation' ? 'OBS' : patientClass === 'inpatient' ? 'IN' : 'ER',
          19: `${visit}^^^${hospital.facility}^VN`,
          39: hospital.facility,
          44: ts(admitAt),
        };
        if (options.discharged === true) {
          pv1[36] = disposition;
          pv1[45] = ts(dischargeAt);
        }
        const segments = [
          // MSH-1 is the field separator itself: here, field n of MSH is MSH-(n+1).
          segment('MSH', {
            1: '^~\\&',
            2: hospital.application,
            3: `${hospital.facility}^${hospital.ccn}^CCN`,
            4: 'BENCHLINE',
            5: 'ACO',
            6: ts(at),
            8: `ADT^${trigger}^${structure}`,
            9: `${hospital.facility.slice(0, 3)}${String(control).padStart(10, '0')}`,
            10: 'P',
            11: '2.5.1',
            14: 'AL',
            15: 'NE',
            16: 'USA',
            17: 'UNICODE UTF-8',
          }),
          segment('EVN', { 1: trigger, 2: ts(at), 6: ts(at - random.int(0, 10)) }),
          segment('PID', {
            1: '1',
            3: identifiers.join('~'),
            5: `${family}^${given}^^^^^L`,
            7: birth,
            8: sex,
            18: `${visit}^^^${hospital.facility}^AN`,
          }),
          segment('PV1', pv1),
          segment('PV2', { 3: `${code}^${text}^I10` }),
          segment('DG1', { 1: '1', 3: `${code}^${text}^I10`, 6: options.discharged === true ? 'F' : 'A' }),
        ];
        if (options.working !== undefined) {
          segments.push(segment('DG1', { 1: '2', 3: `${options.working[0]}^${options.working[1]}^I10`, 6: 'W' }));
        }
        messages.push({ member: index, trigger, at, text: `${segments.join('\r')}\r` });
      };

      message(patientClass === 'inpatient' ? 'A01' : 'A04', admitAt, { withMbi: true });
      const updates =
        patientClass === 'inpatient' ? random.int(0, 3) : patientClass === 'observation' ? 1 : random.int(0, 1);
      for (let update = 1; update <= updates; update += 1) {
        message('A08', admitAt + Math.floor((stayMinutes * update) / (updates + 1)), {
          withMbi: hospital.mbiOnFollowUps,
          working: random.pick(DIAGNOSES),
        });
      }
      message('A03', dischargeAt, { withMbi: hospital.mbiOnFollowUps, discharged: true });
      // The next encounter is weeks to months later.
      clock = dischargeAt + random.int(7, 60) * 24 * 60;
    }
  }
  // Stable: a member's messages keep the order they were made in when two share a minute.
  messages.sort((a, b) => a.at - b.at);
  return { members, messages, visits };
}

/** The messages by trigger, for the report. */
export function triggerCounts(messages: readonly AdtFeedMessage[]): Record<AdtFeedMessage['trigger'], number> {
  const counts = { A01: 0, A03: 0, A04: 0, A08: 0 };
  for (const message of messages) {
    counts[message.trigger] += 1;
  }
  return counts;
}
