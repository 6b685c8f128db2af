/**
 * BFD v1 (BCDA) puts the beneficiary's SSA state code — two digits, not USPS letters and not FIPS — in
 * Patient.address.state. The table is the SSA coding Blue Button documents for STATE_CD
 * (https://bluebutton.cms.gov/resources/variables/state_cd); foreign-residence codes (54–63) have no state.
 */

// prettier-ignore
const SSA_TO_USPS: Readonly<Record<string, string>> = {
  '01': 'AL',
  '02': 'AK',
  '03': 'AZ',
  '04': 'AR',
  '05': 'CA',
  '06': 'CO',
  '07': 'CT',
  '08': 'DE',
  '09': 'DC',
  '10': 'FL',
  '11': 'GA',
  '12': 'HI',
  '13': 'ID',
  '14': 'IL',
  '15': 'IN',
  '16': 'IA',
  '17': 'KS',
  '18': 'KY',
  '19': 'LA',
  '20': 'ME',
  '21': 'MD',
  '22': 'MA',
  '23': 'MI',
  '24': 'MN',
  '25': 'MS',
  '26': 'MO',
  '27': 'MT',
  '28': 'NE',
  '29': 'NV',
  '30': 'NH',
  '31': 'NJ',
  '32': 'NM',
  '33': 'NY',
  '34': 'NC',
  '35': 'ND',
  '36': 'OH',
  '37': 'OK',
  '38': 'OR',
  '39': 'PA',
  '40': 'PR',
  '41': 'RI',
  '42': 'SC',
  '43': 'SD',
  '44': 'TN',
  '45': 'TX',
  '46': 'UT',
  '47': 'VT',
  '48': 'VI',
  '49': 'VA',
  '50': 'WA',
  '51': 'WV',
  '52': 'WI',
  '53': 'WY',
  '97': 'MP',
  '98': 'GU',
  '99': 'AS',
};

/** SSA codes for a residence outside the United States (Africa, Asia, Canada, … US possessions). */
const FOREIGN_RESIDENCE = new Set(['54', '55', '56', '57', '58', '59', '60', '61', '62', '63']);

/** The USPS code of an SSA state code; `null` for a foreign residence (no state); undefined if unknown. */
export function uspsOfSsaState(code: string): string | null | undefined {
  return FOREIGN_RESIDENCE.has(code) ? null : SSA_TO_USPS[code];
}
