/**
 * Money in integer cents: the rounding CMS's SAS programs use (ROUND: half away from zero, with the fuzz that
 * keeps 0.1-style binary error from flipping a half), per-capita amounts from totals and person-years kept as
 * member-months (so person-years = months ÷ 12 is never a lossy float), and safe sums.
 */

/**
 * Rounds to the nearest integer, halves away from zero, after cutting the value to 15 significant digits — the
 * behaviour of SAS ROUND, which CMS's reconciliation programs are written in. Without the cut, 15,177.585 × 100
 * computed in binary floating point (1,517,758.4999…) would round down.
 */
export function roundHalfAway(value: number): number {
  const clean = Number(value.toPrecision(15));
  const rounded = Math.sign(clean) * Math.round(Math.abs(clean));
  return rounded === 0 ? 0 : rounded; // never −0
}

/** Dollars (as sent by a payer) to integer cents. */
export function dollarsToCents(dollars: number): number {
  return roundHalfAway(dollars * 100);
}

/** A per-capita amount (cents per person-year) from a total and the member-months it covers; null with none. */
export function perCapitaCents(totalCents: number, memberMonths: number): number | null {
  return memberMonths > 0 ? roundHalfAway((totalCents * 12) / memberMonths) : null;
}

/** A total from a per-capita amount (cents per person-year) and member-months. */
export function totalFromPerCapita(perCapita: number, memberMonths: number): number {
  return roundHalfAway((perCapita * memberMonths) / 12);
}

/** A per-member-per-month amount in cents; null with no member-months. */
export function pmpmCents(totalCents: number, memberMonths: number): number | null {
  return memberMonths > 0 ? roundHalfAway(totalCents / memberMonths) : null;
}

export function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) {
    total += value;
  }
  return total;
}
