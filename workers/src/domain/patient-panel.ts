/**
 * The patient panel: one member's care gaps with their evidence, HCCs with their coding and recapture status,
 * attribution per contract with the comparison behind it, spend by month and category, the coordinators' worklist
 * (each gap's status, every action about the patient, newest first) and a summary of the facts —
 * computed on demand from the member's facts, because evidence for every member would not fit in Redis at a million
 * members. The gaps, the risk score and the attribution rows come from `evaluateMember`, the very call the pipeline
 * stores results with, so the panel cannot disagree with the gap queue; the HCC detail runs the risk engine over
 * the same claims for the two coding years. Pure: today, the period and the tables come in through the config.
 */
import type {
  ClaimEvent,
  PanelAttribution,
  PanelEvidence,
  PanelFactsSummary,
  PanelGap,
  PanelHcc,
  PanelRisk,
  PanelSpendCell,
  PanelStay,
  PanelWorklistAction,
  PatientPanel,
  WorklistEvent,
} from '@benchline/shared';
import type { AttributionResult, CompetitorRef } from './attribution/index.js';
import { incurredMonthOf, msspPaidCents, paidCents, serviceCategoryOf } from './finance/claim-spend.js';
import { deriveStays } from './adt.js';
import { freshnessOf } from './freshness.js';
import type { CareGap, EvidenceRecord } from './measures/index.js';
import { currentClinicalEvents } from './measures/index.js';
import type { MemberEvaluation, MemberFacts, MemberResultConfig } from './member-result.js';
import { evaluateMember } from './member-result.js';
import type { MemberProfile } from './member-profile.js';
import type { CmsHccTables, DiagnosisEvidence, HccModel } from './risk/index.js';
import {
  demographicsFor,
  eligibleDiagnoses,
  prepareModel,
  requireScoringFields,
  resolveMappingYear,
  runModel,
} from './risk/index.js';
import { latestVersions, paidThroughOf } from './spend.js';
import type { TenantContext } from './tenant-context.js';
import { NEW_GAP_WORKLIST, words } from './worklist.js';

/**
 * One member's panel.
 * @param facts - the member's facts, as the facts store holds them
 * @param tenant - the tenant context the pipeline computes members against (contracts, participant list)
 * @param config - today, the period, the payment year and the tables: the pipeline's engine configuration
 */
export function patientPanel(facts: MemberFacts, tenant: TenantContext, config: MemberResultConfig): PatientPanel {
  const evaluation = evaluateMember(facts, tenant, config);
  // Every claim's latest version, cancelled ones included: evidence names the version the engines read.
  const latest = latestVersions(facts.claims);
  const versionOf = (claimId: string): number | null => latest.get(claimId)?.version ?? null;
  const { risk, hccs } = riskDetail(evaluation, config);
  return {
    memberId: facts.memberId,
    asOf: config.today,
    period: { start: config.period.start, end: config.period.end },
    summary: summaryOf(facts, evaluation, [...latest.values()], config.today),
    gaps: gapsOf(evaluation, versionOf),
    risk,
    hccs,
    attribution: evaluation.attribution.map(attributionOf),
    spend: spendOf(evaluation.claims),
    worklist: {
      coordinator: evaluation.worklist.coordinator,
      history: historyOf(evaluation),
    },
    transitions: transitionsOf(facts, evaluation, tenant),
  };
}

/** Where a discharge sent the patient, in words: the common NUBC and FHIR codes, else the code. */
const DISPOSITIONS: Readonly<Record<string, string>> = {
  'nubc:01': 'home',
  'nubc:02': 'another short-term hospital',
  'nubc:03': 'skilled nursing facility',
  'nubc:04': 'custodial or supportive care',
  'nubc:06': 'home with home health',
  'nubc:07': 'left against medical advice',
  'nubc:20': 'expired',
  'nubc:50': 'hospice at home',
  'nubc:51': 'hospice facility',
  'nubc:62': 'inpatient rehabilitation facility',
  'nubc:63': 'long-term care hospital',
  'nubc:65': 'psychiatric hospital',
  'hl7-fhir:home': 'home',
  'hl7-fhir:snf': 'skilled nursing facility',
  'hl7-fhir:hosp': 'another hospital',
  'hl7-fhir:exp': 'expired',
  'hl7-fhir:rehab': 'rehabilitation facility',
};

function transitionsOf(
  facts: MemberFacts,
  evaluation: MemberEvaluation,
  tenant: TenantContext,
): PatientPanel['transitions'] {
  const transitions = evaluation.transitions;
  const tcmOf = new Map((transitions?.tcm ?? []).map((t) => [t.stayId, t]));
  const readmissionOf = new Map((transitions?.readmissions ?? []).map((r) => [r.stayId, r]));
  const { ccns, npis } = tenant.participantFacilities;
  const stays = deriveStays(facts.adt)
    .map((stay): PanelStay => {
      const tcm = tcmOf.get(stay.stayId);
      const readmission = readmissionOf.get(stay.stayId);
      const { ccn, npi } = stay.facility;
      const disposition = stay.dischargeDisposition;
      return {
        stayId: stay.stayId,
        facility: stay.facility.name ?? stay.facility.id,
        // Unknown when the feed names no CCN or NPI, or no participant list has arrived to compare with.
        facilityInAco:
          (ccn === undefined && npi === undefined) || tenant.own.tins.size === 0
            ? null
            : (ccn !== undefined && ccns.has(ccn)) || (npi !== undefined && npis.has(npi)),
        patientClass: stay.patientClass,
        status: stay.status,
        admitAt: stay.admitAt,
        dischargeAt: stay.dischargeAt,
        disposition:
          disposition === null
            ? null
            : (DISPOSITIONS[`${disposition.system}:${disposition.code.toLowerCase()}`] ??
              `${disposition.system.toUpperCase()} ${disposition.code}`),
        diagnoses: stay.diagnoses.map((d) => d.code),
        notifications: stay.notifications,
        readmission:
          readmission === undefined
            ? null
            : { afterStayId: readmission.afterStayId, daysAfterDischarge: readmission.daysAfterDischarge },
        tcm:
          tcm === undefined
            ? null
            : {
                contactDue: tcm.contactDue,
                highComplexityVisitDue: tcm.highComplexityVisitDue,
                visitDue: tcm.visitDue,
                contactOn: tcm.contactOn,
                contactBy: tcm.contactBy,
                visitOn: tcm.visitOn,
                visitBy: tcm.visitBy,
                billedOn: tcm.billedOn,
                status: tcm.status,
                readmittedOn: tcm.readmittedOn,
              },
      };
    })
    .reverse();
  const atRisk = (transitions?.atRisk ?? []).map((flag) => ({
    reason: flag.reason,
    where: flag.where,
    date: flag.date,
    cents: flag.cents ?? null,
    text:
      flag.reason === 'facility-outside-aco'
        ? `Hospital or ED care at ${flag.where} (last ${flag.date}), outside the ACO`
        : `Primary care billed by TIN ${flag.where} outside the ACO: ${dollars(flag.cents ?? 0)} in the last 12 months (last ${flag.date})`,
  }));
  return { stays, atRisk };
}

/** The result's gap rows (the queue's), each with the state's reason and evidence from the engine's gap. */
function gapsOf(evaluation: MemberEvaluation, versionOf: (claimId: string) => number | null): PanelGap[] {
  const engineGaps = new Map<string, CareGap>(evaluation.gaps.map((gap) => [gap.gapId, gap]));
  return evaluation.result.gaps
    .map((row): PanelGap => {
      const gap = engineGaps.get(row.gapId);
      const work = evaluation.worklist.gaps.get(row.gapId) ?? NEW_GAP_WORKLIST;
      return {
        ...row,
        reason: gap?.reason ?? null,
        nextDueDate: gap?.nextDueDate ?? null,
        earliestDate: gap?.earliestDate ?? null,
        evidence: (gap?.evidence ?? []).map((record) => measureEvidence(record, versionOf)),
        worklist: { lastOutreach: work.lastOutreach, scheduledOn: work.scheduledOn, resolution: work.resolution },
      };
    })
    .sort(
      (a, b) =>
        Number(b.state === 'open') - Number(a.state === 'open') ||
        b.priority - a.priority ||
        a.subject.localeCompare(b.subject),
    );
}

const CHANNEL_NAMES: Readonly<Record<string, string>> = {
  phone: 'Phone call',
  portal: 'Portal message',
  letter: 'Letter',
  'in-person': 'In person',
};

/** Every worklist action about the patient, newest first, each in words (about which gap, by its title). */
function historyOf(evaluation: MemberEvaluation): PanelWorklistAction[] {
  const titles = new Map(evaluation.gaps.map((gap) => [gap.gapId, gap.title]));
  const about = (gapId: string): string => titles.get(gapId) ?? `gap ${gapId}`;
  return [...evaluation.worklist.actions].reverse().map((event) => actionOf(event, about));
}

function actionOf(event: WorklistEvent, about: (gapId: string) => string): PanelWorklistAction {
  const { action } = event;
  const row: PanelWorklistAction = {
    actionId: event.actionId,
    at: event.at,
    by: event.by,
    type: action.type,
    gapId: null,
    channel: null,
    outcome: null,
    nextAttemptOn: null,
    scheduledOn: null,
    barrier: null,
    reason: null,
    note: null,
    assignee: null,
    text: '',
  };
  switch (action.type) {
    case 'outreach': {
      const parts = [`${CHANNEL_NAMES[action.channel] ?? action.channel}: ${words(action.outcome)}`];
      if (action.scheduledOn !== undefined) {
        parts.push(`visit on ${action.scheduledOn}`);
      }
      if (action.nextAttemptOn !== undefined) {
        parts.push(`next attempt ${action.nextAttemptOn}`);
      }
      if (action.barrier !== undefined) {
        parts.push(`barrier: ${words(action.barrier)}`);
      }
      const subject = action.gapId === undefined ? 'the patient in general' : about(action.gapId);
      return {
        ...row,
        gapId: action.gapId ?? null,
        channel: action.channel,
        outcome: action.outcome,
        nextAttemptOn: action.nextAttemptOn ?? null,
        scheduledOn: action.scheduledOn ?? null,
        barrier: action.barrier ?? null,
        note: action.note ?? null,
        text: `${parts.join('; ')} — ${subject}`,
      };
    }
    case 'close':
    case 'exclude':
      return {
        ...row,
        gapId: action.gapId,
        reason: action.reason,
        note: action.note ?? null,
        text: `${action.type === 'close' ? 'Closed' : 'Excluded'} ${about(action.gapId)}: ${words(action.reason)}`,
      };
    case 'reopen':
      return { ...row, gapId: action.gapId, note: action.note ?? null, text: `Reopened ${about(action.gapId)}` };
    case 'assign':
      return {
        ...row,
        assignee: action.assignee,
        text: action.assignee === null ? 'Unassigned' : `Assigned to ${action.assignee}`,
      };
  }
}

const SYSTEM_NAMES: Readonly<Record<string, string>> = {
  cpt: 'CPT',
  hcpcs: 'HCPCS',
  icd10cm: 'ICD-10-CM',
  icd10pcs: 'ICD-10-PCS',
  loinc: 'LOINC',
  snomed: 'SNOMED CT',
  cvx: 'CVX',
  rxnorm: 'RxNorm',
  ndc: 'NDC',
  'claim-type': 'claim type',
  'discharge-status': 'discharge status',
  enrollment: 'enrollment',
};

/** The claim an evidence id points into: `<claimId>#<part>` (claim ids may hold `#`; the part never does). */
function claimIdOf(eventId: string): string {
  const hash = eventId.lastIndexOf('#');
  return hash < 0 ? eventId : eventId.slice(0, hash);
}

function evidence(
  fields: Omit<PanelEvidence, 'text' | 'claimId' | 'claimVersion'>,
  versionOf: (claimId: string) => number | null,
): PanelEvidence {
  const claimId = fields.source === 'claim' ? claimIdOf(fields.eventId) : null;
  const where =
    claimId !== null ? `, claim ${claimId}` : fields.source === 'clinical' ? `, record ${fields.eventId}` : '';
  const value = fields.value === null ? '' : ` (${fields.value})`;
  const system = SYSTEM_NAMES[fields.system] ?? fields.system;
  return {
    ...fields,
    claimId,
    claimVersion: claimId === null ? null : versionOf(claimId),
    text: `${fields.role} ${system} ${fields.code}${value} on ${fields.date}${where}`,
  };
}

function measureEvidence(record: EvidenceRecord, versionOf: (claimId: string) => number | null): PanelEvidence {
  return evidence(
    {
      source: record.source,
      eventId: record.eventId,
      system: record.system,
      code: record.code,
      date: record.date,
      value: record.value ?? null,
      role: record.role,
    },
    versionOf,
  );
}

function diagnosisEvidence(record: DiagnosisEvidence, year: number): PanelEvidence {
  return evidence(
    {
      source: 'claim',
      // The id the recapture gaps give the same record, so a screen can match the two.
      eventId: `${record.claimId}#v${record.claimVersion}`,
      system: 'icd10cm',
      code: record.icd10,
      date: record.date,
      value: null,
      role: `${year} coding (${record.claimType})`,
    },
    () => record.claimVersion,
  );
}

/**
 * The risk summary as the result keeps it, and every HCC of the lookback years' (last year's, and the year before
 * last's when recapture reaches back two years) or this year's coding with its claims.
 * Recapture status is the risk engine's own answer (findRecaptureGaps, as the pipeline ran it); the claims behind
 * each HCC come from running the same model over each year's eligible diagnoses, as recapture does.
 */
function riskDetail(evaluation: MemberEvaluation, config: MemberResultConfig): { risk: PanelRisk; hccs: PanelHcc[] } {
  const summary = evaluation.result.risk;
  if (summary === null || 'error' in summary) {
    return { risk: summary, hccs: [] };
  }
  if (evaluation.risk === null || evaluation.profile === null) {
    // A score always comes with the engine's answer; kept apart only for the type checker.
    return { risk: { error: 'the risk engine gave no detail' }, hccs: [] };
  }
  const { scored, recapture } = evaluation.risk;
  const year = recapture.year;
  const model = recapture.model;
  const risk: PanelRisk = {
    ...summary,
    maPaymentScore: scored.payment?.blendedMaPaymentScore ?? null,
    paymentYear: scored.paymentYear,
    diagnosisYear: scored.diagnosisYear,
    codingYear: year,
    recaptureLookbackYears: recapture.lookbackYears,
    notes: [...scored.notes],
  };
  const coding = { profile: evaluation.profile, claims: evaluation.claims, tables: config.riskTables, model };
  const lastYear = codedHccs(coding, year - 1);
  // The year before last only when recapture reaches back to it: otherwise its coding opens no gap.
  const earlierYear =
    recapture.earlierYear === null ? new Map<number, never>() : codedHccs(coding, recapture.earlierYear.year);
  const thisYear = codedHccs(coding, year);
  // The factors of the score the pipeline keeps, when it reads last year's coding.
  const factors = scored.diagnosisYear === year - 1 ? scored.models.find((m) => m.model === model)?.hccs : undefined;
  const chronic = prepareModel(config.riskTables, model).chronic;
  const gaps = new Map(recapture.gaps.map((gap) => [gap.hcc, gap]));
  const coded = new Set(recapture.thisYearHccs);
  const priorCoded = new Set([...recapture.lastYearHccs, ...(recapture.earlierYear?.hccs ?? [])]);
  const gapIds = new Map(
    evaluation.gaps.filter((gap) => gap.kind === 'hcc-recapture').map((gap) => [gap.subject, gap.gapId]),
  );
  const hccs = [...new Set([...priorCoded, ...coded])]
    .sort((a, b) => a - b)
    .map((hcc): PanelHcc => {
      const before = lastYear.get(hcc);
      const earlier = earlierYear.get(hcc);
      const now = thisYear.get(hcc);
      const gap = gaps.get(hcc);
      // A gap carries the coding of the most recent lookback year that gave it.
      const gapEvidence = (evidenceYear: number) => (gap?.evidenceYear === evidenceYear ? gap.lastYearEvidence : []);
      const subject = `${model} HCC ${hcc}`;
      const status: PanelHcc['status'] =
        gap !== undefined
          ? 'open'
          : !priorCoded.has(hcc)
            ? 'new'
            : coded.has(hcc)
              ? 'recaptured'
              : chronic.has(hcc)
                ? 'covered'
                : 'not-chronic';
      return {
        model,
        hcc,
        subject,
        label: before?.label ?? now?.label ?? gap?.label ?? `HCC ${hcc}`,
        status,
        gapId: gap === undefined ? null : (gapIds.get(subject) ?? null),
        factor: factors?.find((term) => term.hcc === hcc)?.coefficient ?? null,
        uplift: gap?.uplift ?? null,
        lastYearEvidence: (before?.evidence ?? gapEvidence(year - 1)).map((e) => diagnosisEvidence(e, year - 1)),
        earlierYearEvidence: (earlier?.evidence ?? gapEvidence(year - 2)).map((e) => diagnosisEvidence(e, year - 2)),
        thisYearEvidence: (now?.evidence ?? []).map((e) => diagnosisEvidence(e, year)),
      };
    });
  return { risk, hccs };
}

/**
 * The HCCs one year's coding gives (after hierarchies), with the claims behind each: that year's eligible diagnoses
 * under the mapping of the payment year they feed (the latest vendored one for a year not yet published), the
 * member's age in that payment year — how recapture reads both years.
 */
function codedHccs(
  member: { profile: MemberProfile; claims: readonly ClaimEvent[]; tables: CmsHccTables; model: HccModel },
  diagnosisYear: number,
): Map<number, { label: string | null; evidence: DiagnosisEvidence[] }> {
  const { profile, claims, tables, model } = member;
  const { birthDate, sex, orec } = requireScoringFields(profile);
  const paymentYear = diagnosisYear + 1;
  const run = runModel(
    {
      demographics: demographicsFor(birthDate, sex, orec, paymentYear),
      // Medicaid status moves factors, never which HCCs are coded.
      institutionalMedicaid: false,
      newEnrolleeMedicaid: false,
      diagnoses: eligibleDiagnoses(claims, diagnosisYear, tables.eligibleProcedureCodes.codes),
    },
    tables,
    model,
    resolveMappingYear(tables, paymentYear).year,
  );
  return new Map(
    run.hccs.map((hcc) => [hcc.hcc, { label: hcc.label, evidence: hcc.diagnoses.flatMap((d) => d.evidence) }]),
  );
}

function attributionOf(result: AttributionResult): PanelAttribution {
  return {
    contractId: result.contractId,
    method: result.attribution,
    performanceYear: result.performanceYear,
    status: result.status,
    step: result.step,
    reason: result.reason,
    tin: result.home?.tin ?? null,
    npi: result.home?.npi ?? null,
    explanation: explainAttribution(result),
    basis:
      result.basis === null
        ? null
        : { step: result.basis.step, from: result.basis.window.from, through: result.basis.window.through },
    competitors: result.competitors.map((c, index) => ({
      rank: index + 1,
      kind: c.kind,
      id: c.id,
      allowedCents: c.primaryCareCents,
      services: c.services,
      lastServiceDate: c.lastServiceDate,
    })),
    tiedWith: result.tiedWith.map((c) => ({ kind: c.kind, id: c.id })),
    failedScreens: [...result.failedScreens],
    lastPrimaryCareVisit:
      result.lastPrimaryCareVisit === null
        ? null
        : {
            date: result.lastPrimaryCareVisit.date,
            kind: result.lastPrimaryCareVisit.competitor.kind,
            id: result.lastPrimaryCareVisit.competitor.id,
            npi: result.lastPrimaryCareVisit.npi,
          },
    roster: result.roster === null ? null : { asOf: result.roster.asOf, months: [...result.roster.months] },
  };
}

/** Cents as dollars with thousands separators: 123456 → $1,234.56. */
export function dollars(cents: number): string {
  const whole = Math.floor(Math.abs(cents) / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0 ? '-' : ''}$${whole}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
}

function who(ref: CompetitorRef): string {
  switch (ref.kind) {
    case 'this-aco':
      return 'this ACO';
    case 'other-aco':
      return `ACO ${ref.id}`;
    case 'tin':
      return `TIN ${ref.id}`;
    case 'ccn':
      return `CCN ${ref.id}`;
  }
}

const STEP_NAMES: Readonly<Record<string, string>> = {
  'step-1': 'step 1 (primary care physicians)',
  'step-2': 'step 2 (specialists, NPs, PAs and CNSs)',
  'step-3': 'step 3 (24-month expanded window)',
};

/** Why the member is (not) attributed, in words: the step, the dollars that decided, the runner-up. */
export function explainAttribution(result: AttributionResult): string {
  const [top, next] = result.competitors;
  const window = result.basis === null ? '' : ` from ${result.basis.window.from} to ${result.basis.window.through}`;
  const amount = (c: NonNullable<typeof top>): string =>
    `${dollars(c.primaryCareCents)} over ${c.services} service${c.services === 1 ? '' : 's'}`;
  const runnerUp = next === undefined ? '' : `; next, ${who(next)} with ${amount(next)}`;
  if (result.status === 'attributed') {
    const home = [result.home?.tin ? `TIN ${result.home.tin}` : '', result.home?.npi ? `NPI ${result.home.npi}` : '']
      .filter((part) => part !== '')
      .join(', ');
    const at = home === '' ? '' : ` Home: ${home}.`;
    switch (result.step) {
      case 'voluntary-alignment':
        return `Voluntarily aligned: the beneficiary designated a primary clinician in this ACO.${at}`;
      case 'roster':
        return `On the payer's roster for this month (roster as of ${result.roster?.asOf ?? 'unknown'}).${at}`;
      case 'step-1':
      case 'step-2':
      case 'step-3': {
        const lead = top === undefined ? '' : `: this ACO had the most primary-care allowed dollars, ${amount(top)}`;
        return `Assigned at ${STEP_NAMES[result.step] ?? result.step}${lead}${window}${runnerUp}.${at}`;
      }
    }
  }
  switch (result.reason) {
    case 'ineligible':
      return `Not eligible for assignment: ${result.failedScreens.join(', ') || 'an eligibility screen failed'}.`;
    case 'aligned-elsewhere':
      return 'Designated a primary clinician outside this ACO (voluntary alignment).';
    case 'no-primary-care':
      return `No primary care service in the assignment window${window}.`;
    case 'pre-step-not-met':
      return 'No primary care service with an ACO primary care physician or step-2 specialist.';
    case 'plurality-elsewhere': {
      const ours = result.competitors.find((c) => c.kind === 'this-aco');
      const lead = top === undefined ? '' : `${who(top)} had the most primary-care allowed dollars, ${amount(top)}`;
      const mine = ours === undefined ? 'this ACO had none' : `this ACO had ${amount(ours)}`;
      return `Not assigned: ${lead}${window}; ${mine}.`;
    }
    case 'tie':
      return `Tied for the most primary-care allowed dollars${top === undefined ? '' : ` (${amount(top)})`} with ${result.tiedWith
        .filter((ref) => ref.kind !== 'this-aco')
        .map(who)
        .join(', ')}${window}: left for review.`;
    case 'not-on-roster-this-month':
      return "Not on the payer's roster for this month.";
  }
}

/** Medicare paid by incurred month and service category, from the claims the engines read (current versions). */
function spendOf(claims: readonly ClaimEvent[]): PatientPanel['spend'] {
  const cells = new Map<string, PanelSpendCell>();
  for (const claim of claims) {
    const month = incurredMonthOf(claim);
    const category = serviceCategoryOf(claim) ?? 'partd';
    const id = `${month}|${category}`;
    const cell = cells.get(id) ?? { month, category, paidCents: 0, msspPaidCents: 0, claims: 0 };
    cell.paidCents += paidCents(claim);
    cell.msspPaidCents += msspPaidCents(claim);
    cell.claims += 1;
    cells.set(id, cell);
  }
  const months = [...cells.values()].sort(
    (a, b) => a.month.localeCompare(b.month) || a.category.localeCompare(b.category),
  );
  return {
    months,
    totalPaidCents: months.reduce((sum, cell) => sum + cell.paidCents, 0),
    totalMsspPaidCents: months.reduce((sum, cell) => sum + cell.msspPaidCents, 0),
  };
}

function summaryOf(
  facts: MemberFacts,
  evaluation: MemberEvaluation,
  latestClaims: readonly ClaimEvent[],
  today: string,
): PanelFactsSummary {
  const freshness = freshnessOf([...facts.records, ...facts.clinical, ...facts.rosters], today);
  const serviceDates = evaluation.claims.map((claim) => claim.throughDate).sort();
  return {
    onFile: evaluation.profile !== null,
    memberRecords: facts.records.length,
    claims: latestClaims.length,
    cancelledClaims: latestClaims.filter((claim) => claim.adjustment === 'cancel').length,
    clinicalEvents: currentClinicalEvents(facts.clinical).length,
    rosterRows: facts.rosters.length,
    worklistActions: facts.worklist.length,
    latestClaimPaidDate: paidThroughOf(facts.claims),
    latestServiceDate: serviceDates.at(-1) ?? null,
    latestClinicalDate: freshness.clinicalThrough ?? null,
    enrollmentAsOf: freshness.enrollmentAsOf ?? null,
    rosterAsOf: freshness.rosterAsOf ?? null,
  };
}
