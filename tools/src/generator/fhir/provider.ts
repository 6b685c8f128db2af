/**
 * Provider record → Practitioner (an individual) or Organization, identified by NPI (and an organisation by
 * its TIN too), with the Medicare specialty as a qualification. Written for completeness of the export; the FHIR
 * ingest does not read them (provider records arrive on their own feed).
 */
import type { ProviderEvent } from '@benchline/shared';
import { BFD_VARIABLE, concept, type FhirResource, URL } from './fhir-systems.js';

/** One resource per NPI: the latest record of each (provider records repeat when the participant list changes). */
export function providersToFhir(providers: readonly ProviderEvent[]): FhirResource[] {
  const latest = new Map<string, ProviderEvent>();
  for (const provider of providers) {
    const known = latest.get(provider.npi);
    if (known === undefined || known.asOf <= provider.asOf) {
      latest.set(provider.npi, provider);
    }
  }
  return [...latest.values()].map(providerToFhir);
}

export function providerToFhir(provider: ProviderEvent): FhirResource {
  const npi = { type: concept(URL.c4bbIdentifierType, 'npi'), system: URL.npi, value: provider.npi };
  const specialty = concept(`${BFD_VARIABLE}prvdr_spclty`, provider.specialtyCode);
  if (provider.entity === 'individual') {
    return {
      resourceType: 'Practitioner',
      id: provider.npi,
      identifier: [npi],
      active: true,
      name: [{ text: provider.name }],
      qualification: [{ code: specialty }],
    };
  }
  return {
    resourceType: 'Organization',
    id: provider.npi,
    identifier: [npi, { type: concept(URL.v2IdentifierType, 'TAX'), system: URL.tin, value: provider.tin }],
    active: true,
    type: [specialty],
    name: provider.name,
  };
}
