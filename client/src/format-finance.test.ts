import { describe, expect, it } from 'vitest';
import {
  confidenceLabel,
  enrolmentTypeLabel,
  formatProbability,
  formatRate,
  formatSignedUsd,
  formatUsdOrNone,
  lanCategoryLabel,
  programLabel,
} from './format-finance.js';

describe('finance formatting', () => {
  it('says rates as percentages with a real minus sign, and "—" when unknown', () => {
    expect(formatRate(0.08067854365823537)).toBe('8.1%');
    expect(formatRate(0.02, 2)).toBe('2.00%');
    expect(formatRate(-0.0475)).toBe('−4.8%');
    expect(formatRate(-0.0001)).toBe('0.0%');
    expect(formatRate(null)).toBe('—');
  });

  it('signs money that can go either way, in whole dollars', () => {
    expect(formatSignedUsd(10187202)).toBe('+$101,872');
    expect(formatSignedUsd(-3506882)).toBe('−$35,069');
    expect(formatSignedUsd(49)).toBe('$0');
    expect(formatSignedUsd(null)).toBe('—');
    expect(formatUsdOrNone(257691893)).toBe('$2,576,919');
    expect(formatUsdOrNone(null)).toBe('—');
  });

  it('never rounds a probability to certainty', () => {
    expect(formatProbability(0.9292053804923378)).toBe('93%');
    expect(formatProbability(0.999)).toBe('>99%');
    expect(formatProbability(0.001)).toBe('<1%');
    expect(formatProbability(null)).toBe('—');
  });

  it('names categories, enrolment types, programmes and confidence in words', () => {
    expect(lanCategoryLabel('3B')).toBe('APM, shared savings and downside risk');
    expect(lanCategoryLabel('9')).toBe('Category 9');
    expect(enrolmentTypeLabel('agedNonDual')).toBe('Aged, not dual');
    expect(programLabel('mssp')).toBe('Medicare Shared Savings Program');
    expect(confidenceLabel('verify')).toBe('To verify');
    expect(confidenceLabel('novel')).toBe('novel');
  });
});
