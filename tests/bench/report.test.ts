import { describe, expect, it } from 'vitest';
import { carriedReport, mergeReport, parseReport, sectionId, tagged, withMachine } from './report.js';

const preamble = (date: string) => [`# Benchline benchmark — ${date}`, '', 'Machine: test.', ''];
const section = (heading: string, body: string) => [`## ${heading}`, '', body, ''];

const risk = section('Risk', 'risk, morning');
const measures = section('Measures', 'measures, morning');
const morning = mergeReport(null, preamble('2026-11-27'), [risk, measures]);

const headings = (text: string) => parseReport(text).sections.map((s) => s[0]);

describe('mergeReport', () => {
  it('writes the preamble and the sections in order when there is no earlier report', () => {
    expect(morning).toBe(
      [
        '# Benchline benchmark — 2026-11-27',
        '',
        'Machine: test.',
        '',
        '## Risk',
        '',
        'risk, morning',
        '',
        '## Measures',
        '',
        'measures, morning',
        '',
      ].join('\n'),
    );
  });

  it('replaces a section that was run again in place and keeps the others', () => {
    const text = mergeReport(morning, preamble('2026-11-27'), [section('Risk', 'risk, afternoon')]);
    expect(headings(text)).toEqual(['## Risk', '## Measures']);
    expect(text).toContain('risk, afternoon');
    expect(text).not.toContain('risk, morning');
    expect(text).toContain('measures, morning');
  });

  it('adds a new section at the end, and running it twice keeps one copy', () => {
    const finance = (body: string) => section('Finance', body);
    const once = mergeReport(morning, preamble('2026-11-27'), [finance('finance, first')]);
    const twice = mergeReport(once, preamble('2026-11-27'), [finance('finance, second')]);
    expect(headings(once)).toEqual(['## Risk', '## Measures', '## Finance']);
    expect(headings(twice)).toEqual(['## Risk', '## Measures', '## Finance']);
    expect(twice).toContain('finance, second');
    expect(twice).not.toContain('finance, first');
    expect(twice).toContain('risk, morning');
  });

  it('takes the fresh preamble and is stable when nothing changes', () => {
    const again = mergeReport(morning, preamble('2026-11-27'), [risk]);
    expect(again).toBe(morning);
    const renamed = mergeReport(morning, ['# Other title', ''], []);
    expect(renamed.startsWith('# Other title\n\n## Risk\n')).toBe(true);
  });

  it('keeps sections a blank line apart and ends with a newline', () => {
    const tight = mergeReport(
      null,
      ['# Title'],
      [
        ['## A', 'a'],
        ['## B', 'b'],
      ],
    );
    expect(tight).toBe('# Title\n\n## A\na\n\n## B\nb\n');
    expect(mergeReport(tight, ['# Title'], [['## A', 'a2']])).toBe('# Title\n\n## A\na2\n\n## B\nb\n');
  });

  it('replaces a section whole when it carries a second heading, and subsections stay with their section', () => {
    const split = mergeReport(morning, preamble('2026-11-27'), [['## Risk', 'r', '## Risk, by segment', 's', '']]);
    const merged = mergeReport(split, preamble('2026-11-27'), [['## Risk', 'r2', '## Risk, by segment', 's2', '']]);
    expect(headings(merged)).toEqual(['## Risk', '## Risk, by segment', '## Measures']);
    expect(merged).toContain('s2');
    expect(merged).not.toMatch(/\ns\n/);
    const sub = mergeReport(null, ['# T', ''], [['## A', '### A.1', 'x', '']]);
    expect(parseReport(sub).sections).toEqual([['## A', '### A.1', 'x', '']]);
  });

  it('refuses a section without a heading, and two sections with the same heading', () => {
    expect(() => mergeReport(null, [], [['no heading']])).toThrow(/must begin with a "## " heading/);
    expect(() => mergeReport(null, [], [risk, risk])).toThrow(/share "## Risk"/);
  });
});

describe('tagged sections', () => {
  const latency = (heading: string, body: string) => tagged(section(heading, body), 'latency');

  it('puts the id under the heading, once, and reads it back', () => {
    const once = latency('Event to screen', 'x');
    expect(once).toEqual(['## Event to screen', '<!-- bench-section: latency -->', '', 'x', '']);
    expect(tagged(once, 'latency')).toEqual(once);
    expect(sectionId(once)).toBe('latency');
    expect(sectionId(risk)).toBeNull();
    expect(() => tagged(risk, 'two words')).toThrow(/one word/);
  });

  it('replaces a section whose heading was reworded, and keeps its place', () => {
    const before = mergeReport(morning, preamble('2026-11-28'), [latency('Event to screen (old words)', 'old')]);
    const after = mergeReport(before, preamble('2026-11-28'), [latency('Event to screen (new words)', 'new'), risk]);
    expect(headings(after)).toEqual(['## Risk', '## Measures', '## Event to screen (new words)']);
    expect(after).not.toContain('old');
  });

  it('takes over an untagged earlier section with the same heading', () => {
    const after = mergeReport(morning, preamble('2026-11-28'), [tagged(section('Risk', 'risk, tagged'), 'risk')]);
    expect(headings(after)).toEqual(['## Risk', '## Measures']);
    expect(after).toContain('risk, tagged');
    expect(after).not.toContain('risk, morning');
  });

  it('refuses two fresh sections with one id', () => {
    expect(() => mergeReport(null, [], [latency('A', 'a'), latency('B', 'b')])).toThrow(/share "id:latency"/);
  });

  it('keeps the marker under the heading when a day is carried', () => {
    const carried = carriedReport(mergeReport(null, ['# T', ''], [latency('Event to screen', 'x')]), '2026-11-27');
    expect(carried).toBe(
      '# T\n\n## Event to screen\n<!-- bench-section: latency -->\n\n_Carried from the 2026-11-27 run; not re-run since._\n\nx\n',
    );
    expect(carriedReport(carried, '2026-11-28')).toBe(carried);
  });
});

describe('carriedReport', () => {
  it('marks each section of an earlier day with that day, once', () => {
    const carried = carriedReport(
      '# Benchline benchmark — 2026-11-27\n\n## Risk\n\nrisk\n\n## Measures\nm\n',
      '2026-11-27',
    );
    expect(carried).toBe(
      '# Benchline benchmark — 2026-11-27\n\n## Risk\n\n_Carried from the 2026-11-27 run; not re-run since._\n\nrisk\n\n' +
        '## Measures\n\n_Carried from the 2026-11-27 run; not re-run since._\nm\n',
    );
    expect(carriedReport(carried, '2026-11-28')).toBe(carried);
    const merged = mergeReport(carried, ['# Benchline benchmark — 2026-11-28', ''], [['## Risk', '', 'risk, new']]);
    expect(merged).toBe(
      '# Benchline benchmark — 2026-11-28\n\n## Risk\n\nrisk, new\n\n' +
        '## Measures\n\n_Carried from the 2026-11-27 run; not re-run since._\nm\n',
    );
  });
});

describe('withMachine', () => {
  it('names the machine under the section heading', () => {
    expect(withMachine(['## Ingest', '', '| a |'], 'AMD EPYC, 2 cores')).toEqual([
      '## Ingest',
      '',
      '_Measured on AMD EPYC, 2 cores._',
      '',
      '| a |',
    ]);
  });
});
