/**
 * JSON.parse for lines from outside (NDJSON bulk bodies), refusing what the JSON body parser refuses (Fastify's,
 * with `onProtoPoisoning` and `onConstructorPoisoning` set to error): a `__proto__` key, or a `constructor` key
 * holding a `prototype`, at any depth and however escaped. JSON.parse makes such keys plain own properties, which
 * is safe until some code copies them with assignment; refusing them keeps every way in answering the same way.
 * The text is searched first (two regular expressions), so the common line pays no walk.
 */

// The patterns secure-json-parse (Fastify's body parser) searches for: each letter also as its \u escape.
const SUSPECT_PROTO =
  /"(?:_|\\u005[Ff])(?:_|\\u005[Ff])(?:p|\\u0070)(?:r|\\u0072)(?:o|\\u006[Ff])(?:t|\\u0074)(?:o|\\u006[Ff])(?:_|\\u005[Ff])(?:_|\\u005[Ff])"\s*:/;
const SUSPECT_CONSTRUCTOR =
  /"(?:c|\\u0063)(?:o|\\u006[Ff])(?:n|\\u006[Ee])(?:s|\\u0073)(?:t|\\u0074)(?:r|\\u0072)(?:u|\\u0075)(?:c|\\u0063)(?:t|\\u0074)(?:o|\\u006[Ff])(?:r|\\u0072)"\s*:/;

/** Parses the text; throws a SyntaxError for invalid JSON and for a prototype-poisoning key. */
export function parseUntrustedJson(text: string): unknown {
  const value = JSON.parse(text) as unknown;
  if ((SUSPECT_PROTO.test(text) || SUSPECT_CONSTRUCTOR.test(text)) && hasPoisonedKey(value)) {
    throw new SyntaxError('Object contains forbidden prototype property');
  }
  return value;
}

/** Walks with a list, not recursion (the value may be nested 10,000 levels deep). */
function hasPoisonedKey(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (node === null || typeof node !== 'object') {
      continue;
    }
    if (!Array.isArray(node)) {
      if (Object.hasOwn(node, '__proto__')) {
        return true;
      }
      const constructor = (node as { constructor?: unknown }).constructor;
      if (
        Object.hasOwn(node, 'constructor') &&
        constructor !== null &&
        typeof constructor === 'object' &&
        Object.hasOwn(constructor, 'prototype')
      ) {
        return true;
      }
    }
    for (const item of Object.values(node)) {
      if (item !== null && typeof item === 'object') {
        pending.push(item);
      }
    }
  }
  return false;
}
