/**
 * JSON with object keys in sorted order, so the same content always has the same bytes (and the same hash)
 * however the sender ordered its fields. Written straight to a string (no sorted copy of the value first):
 * ingest computes it once per event on its hot path.
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

function write(value: unknown): string | undefined {
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i += 1) {
          out += `${i > 0 ? ',' : ''}${write(value[i]) ?? 'null'}`;
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const item = write(record[key]);
        if (item !== undefined) {
          out += `${first ? '' : ','}${JSON.stringify(key)}:${item}`;
          first = false;
        }
      }
      return `${out}}`;
    }
    default:
      return undefined; // undefined, functions and symbols are left out, as JSON.stringify does
  }
}
