/**
 * The dated bench report as text: a preamble (title, machine line) and sections, each beginning at its `## `
 * heading and running to the next one. Running a subset of sections replaces only those sections in today's
 * report and keeps the others, so `pnpm bench finance` does not erase this morning's `risk` and `measures`.
 * Pure (no file access), so the unit tests can check it; run.ts reads and writes the file.
 */

export interface ParsedReport {
  /** Everything before the first `## ` heading. */
  readonly preamble: string[];
  /** Each section's lines, its `## ` heading first. */
  readonly sections: string[][];
}

const isHeading = (line: string): boolean => line.startsWith('## ');

export function parseReport(text: string): ParsedReport {
  const lines = text.split('\n');
  const first = lines.findIndex(isHeading);
  const preamble = first === -1 ? lines : lines.slice(0, first);
  const sections: string[][] = [];
  for (const line of first === -1 ? [] : lines.slice(first)) {
    if (isHeading(line)) {
      sections.push([line]);
    } else {
      sections[sections.length - 1]?.push(line);
    }
  }
  return { preamble, sections };
}

/**
 * The report after a run: the fresh preamble, then the earlier report's sections in their order, each one the
 * run produced again (same `## ` heading) replaced by its fresh lines; sections new to the report are added at the
 * end, in the run's order. A fresh section is matched by every `## ` heading it contains, so one that grew a
 * second heading still replaces its earlier self whole. Sections are kept a blank line apart. Without an earlier
 * report: the preamble and the fresh sections.
 */
export function mergeReport(
  existing: string | null,
  preamble: readonly string[],
  fresh: readonly (readonly string[])[],
): string {
  const owner = new Map<string, number>(); // heading → the fresh section that carries it
  fresh.forEach((section, index) => {
    const heading = section[0];
    if (heading === undefined || !isHeading(heading)) {
      throw new Error(`a bench section must begin with a "## " heading (got ${JSON.stringify(heading)})`);
    }
    for (const line of section.filter(isHeading)) {
      if (owner.has(line)) {
        throw new Error(`two bench sections share the heading ${JSON.stringify(line)}`);
      }
      owner.set(line, index);
    }
  });
  const placed = new Set<number>();
  const sections: (readonly string[])[] = [];
  const place = (index: number) => {
    if (!placed.has(index)) {
      placed.add(index);
      sections.push(fresh[index] ?? []);
    } // already placed: this earlier section is dropped, the fresh one replaces it
  };
  for (const section of existing === null ? [] : parseReport(existing).sections) {
    const index = owner.get(section[0] ?? '');
    if (index === undefined) {
      sections.push(section);
    } else {
      place(index);
    }
  }
  fresh.forEach((_, index) => place(index));
  const lines = [...preamble];
  for (const section of sections) {
    if (lines.length > 0 && lines[lines.length - 1] !== '') {
      lines.push('');
    }
    lines.push(...section);
  }
  if (lines[lines.length - 1] !== '') {
    lines.push(''); // the file ends with a newline
  }
  return lines.join('\n');
}

const CARRIED = '_Carried from the ';

/**
 * An earlier day's report made ready to carry into today's: under each section's heading, a line naming the day
 * it was measured (kept as it is when the section was already carried), so a reader never takes it for today's.
 */
export function carriedReport(text: string, date: string): string {
  const { preamble, sections } = parseReport(text);
  const marked = sections.map(([heading = '', ...rest]) =>
    rest.some((line) => line.startsWith(CARRIED))
      ? [heading, ...rest]
      : [heading, '', `${CARRIED}${date} run; not re-run since._`, ...rest],
  );
  return [...preamble, ...marked.flat()].join('\n');
}

/** A section as this run wrote it, with the machine that measured it under its heading. */
export function withMachine(section: readonly string[], machine: string): string[] {
  const [heading = '', ...rest] = section;
  return [heading, '', `_Measured on ${machine}._`, ...rest];
}
