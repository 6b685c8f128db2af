/**
 * HL7 v2 ADT messages of today for tests that drive the real stack: an admission, ED registration or discharge of
 * a patient by MBI (PID-3), with PV1-44/45 (admit and discharge times) where HL7 puts them.
 */

/** An HL7 time of now, `minutes` from now (UTC, with its offset). */
export function hl7Time(minutes = 0): string {
  const iso = new Date(Date.now() + minutes * 60_000).toISOString();
  return `${iso.slice(0, 19).replace(/[-:T]/g, '')}+0000`;
}

let control = 0;

/** A message sent now; the patient arrived 90 minutes ago, and an A03 discharges them now. */
export function adtMessage(
  type: 'A01' | 'A03' | 'A04',
  mbi: string,
  visit: string,
  options: { patientClass?: 'I' | 'E'; disposition?: string; controlPrefix?: string } = {},
): string {
  control += 1;
  const now = hl7Time();
  const discharged = type === 'A03' ? now : '';
  const structure = `ADT_${type === 'A04' ? 'A01' : type}`;
  return [
    `MSH|^~\\&|EPICADT|GENHOSP^330101^CCN|BENCHLINE|ACO|${now}||ADT^${type}^${structure}|${options.controlPrefix ?? 'T'}-${control}|P|2.5.1`,
    `EVN|${type}|${now}`,
    `PID|1||${mbi}^^^CMS&2.16.840.1.113883.4.927&ISO^MC||DOE^PAT||19520417|F`,
    `PV1|1|${options.patientClass ?? 'I'}|4WEST^412^B^GENHOSP&330101&CCN||||||||||||||||${visit}^^^GENHOSP^VN|||||||||||||||||${options.disposition ?? ''}|||GENHOSP|||||${hl7Time(-90)}|${discharged}`,
  ].join('\r');
}

/** POSTs HL7 to /api/v1/adt with an ingest key; the ACKs' text (the status must be 200). */
export async function postHl7(url: string, apiKey: string, body: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/adt`, {
    method: 'POST',
    headers: { 'content-type': 'application/hl7-v2', authorization: `Bearer ${apiKey}` },
    body,
  });
  if (response.status !== 200) {
    throw new Error(`POST /api/v1/adt answered ${response.status}: ${await response.text()}`);
  }
  return response.text();
}
