/**
 * Searching text a test captured (log lines, socket frames, a page's text) for values that must not be in it:
 * member ids, names, birth dates, codes, secrets. A value is found as a whole token — not inside a longer word or
 * number, so a four-character code does not match inside an unrelated hash — in the text as it is and with its
 * percent-encoding undone (a name in a path: Angela%20Carter).
 */

/** One thing the text may not contain, and what it is (for the failure message). */
export interface Forbidden {
  value: string;
  what: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A date is a date within a timestamp too (1948-03-12T…): bounded by digits only; anything else by letters too. */
export function tokenPattern(value: string): RegExp {
  const isDate = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value);
  const edge = isDate ? '0-9' : 'A-Za-z0-9';
  return new RegExp(`(?<![${edge}])${escapeRegExp(value)}(?![${edge}])`);
}

export function percentDecoded(text: string): string {
  return text.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Every (text, forbidden value) pair found, one message each: where, what, and the text around it. */
export function findForbidden(texts: readonly string[], list: readonly Forbidden[], label = 'text'): string[] {
  const patterns = list.map((entry) => ({ ...entry, pattern: tokenPattern(entry.value) }));
  const found: string[] = [];
  texts.forEach((text, index) => {
    const decoded = percentDecoded(text);
    for (const { value, what, pattern } of patterns) {
      const match = pattern.exec(text) ?? pattern.exec(decoded);
      if (match !== null) {
        const around = (pattern.test(text) ? text : decoded).slice(Math.max(0, match.index - 150), match.index + 150);
        found.push(`${label} ${index} has ${what} "${value}": …${around}…`);
      }
    }
  });
  return found;
}
