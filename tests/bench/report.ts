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
/** The line naming a section's id (`tagged`). */
const ID_MARKER = /^<!-- bench-section: (\S+) -->$/;

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
 * run produced again replaced by its fresh lines; sections new to the report are added at the end, in the run's
 * order. A section is recognised by its id marker (`tagged`), so one whose heading was reworded still replaces its
 * earlier self; an earlier section without a marker (written before sections carried one) by any `## ` heading it
 * shares with a fresh one, so one that grew a second heading still replaces its earlier self whole. Sections are
 * kept a blank line apart. Without an earlier report: the preamble and the fresh sections.
 */
export function mergeReport(
  existing: string | null,
  preamble: readonly string[],
  fresh: readonly (readonly string[])[],
): string {
  const owner = new Map<string, number>(); // section id or heading → the fresh section that carries it
  fresh.forEach((section, index) => {
    const heading = section[0];
    if (heading === undefined || !isHeading(heading)) {
      throw new Error(`a bench section must begin with a "## " heading (got ${JSON.stringify(heading)})`);
    }
    const id = sectionId(section);
    for (const key of [...(id === null ? [] : [`id:${id}`]), ...section.filter(isHeading)]) {
      if (owner.has(key)) {
        throw new Error(`two bench sections share ${JSON.stringify(key)}`);
      }
      owner.set(key, index);
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
    const id = sectionId(section);
    const index = id === null ? owner.get(section[0] ?? '') : owner.get(`id:${id}`);
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
  const marked = sections.map(([heading = '', ...rest]) => {
    // The id marker, if any, stays right under the heading.
    const marker = rest[0] !== undefined && ID_MARKER.test(rest[0]) ? rest.splice(0, 1) : [];
    return rest.some((line) => line.startsWith(CARRIED))
      ? [heading, ...marker, ...rest]
      : [heading, ...marker, '', `${CARRIED}${date} run; not re-run since._`, ...rest];
  });
  return [...preamble, ...marked.flat()].join('\n');
}

/** A section as this run wrote it, with the machine that measured it under its heading. */
/** A section's id, from its marker line (`tagged`); null for a section written before sections carried one. */
export function sectionId(section: readonly string[]): string | null {
  for (const line of section) {
    const match = ID_MARKER.exec(line);
    if (match !== null) {
      return match[1] ?? null;
    }
  }
  return null;
}

/**
 * The section with its id (SectionResult.id) in a marker line under its heading — an HTML comment, so it does not
 * show when the report is read — by which the next run finds it whatever its heading says then.
 */
export function tagged(section: readonly string[], id: string): string[] {
  if (!/^\S+$/.test(id)) {
    throw new Error(`a bench section id is one word, not ${JSON.stringify(id)}`);
  }
  const [heading = '', ...rest] = section.filter((line) => !ID_MARKER.test(line));
  return [heading, `<!-- bench-section: ${id} -->`, ...rest];
}

export function withMachine(section: readonly string[], machine: string): string[] {
  const [heading = '', ...rest] = section;
  return [heading, '', `_Measured on ${machine}._`, ...rest];
}
