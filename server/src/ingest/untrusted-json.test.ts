import { describe, expect, it } from 'vitest';
import { parseUntrustedJson } from './untrusted-json.js';

describe('parseUntrustedJson', () => {
  it('parses JSON, a "constructor" that holds no prototype and "proto" in values included', () => {
    expect(parseUntrustedJson('{"a":[1,{"b":"__proto__"}],"constructor":"x"}')).toEqual({
      a: [1, { b: '__proto__' }],
      constructor: 'x',
    });
  });

  it.each([
    ['__proto__ at the top', '{"__proto__":{"polluted":1}}'],
    ['__proto__ deep in an array', '{"a":[[{"b":{"__proto__":{}}}]]}'],
    ['__proto__ spelt with escapes', '{"\\u005f\\u005fproto__":{}}'],
    ['constructor.prototype', '{"x":{"constructor":{"prototype":{"polluted":1}}}}'],
  ])('refuses %s', (_name, text) => {
    expect(() => parseUntrustedJson(text)).toThrow(SyntaxError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('walks a 10,000-level nesting without overflowing the stack', () => {
    // "constructor" makes it search the value; the nesting is what it must get through.
    const deep = `{"constructor":"x","deep":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    expect(parseUntrustedJson(deep)).toBeTypeOf('object');
  });
});
