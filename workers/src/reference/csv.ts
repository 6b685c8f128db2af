/**
 * The small CSV dialect the vendored reference files use (RFC 4180: comma separated, double-quoted fields with
 * doubled quotes inside, LF or CRLF line ends). Parsing and formatting live together so a file parsed and written
 * back comes out byte-for-byte the same, which is what the vendor script's regeneration check relies on.
 */

/** Splits CSV text into rows of fields. A trailing line break does not produce an empty last row. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let fieldStarted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (inQuotes) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else {
          inQuotes = false;
        }
      } else {
        field += char;
      }
      continue;
    }
    if (char === '"' && field === '') {
      inQuotes = true;
      fieldStarted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
      fieldStarted = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') {
        i += 1;
      }
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
    } else {
      field += char;
      fieldStarted = true;
    }
  }
  if (inQuotes) {
    throw new Error('CSV ends inside a quoted field');
  }
  if (fieldStarted || field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Parses CSV with a header row into one record per data row, keyed by the header's column names. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (header === undefined) {
    return [];
  }
  return rows.map((fields, index) => {
    if (fields.length !== header.length) {
      throw new Error(`CSV row ${index + 2} has ${fields.length} fields, the header has ${header.length}`);
    }
    const record: Record<string, string> = {};
    header.forEach((name, column) => {
      record[name] = fields[column] ?? '';
    });
    return record;
  });
}

/** One CSV line (without its line break); quotes a field only when it holds a comma, quote or line break. */
export function formatCsvRow(fields: readonly (string | number)[]): string {
  return fields
    .map((value) => {
      const text = String(value);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',');
}

/** A whole CSV file: header, rows, LF line ends and a final line break. */
export function formatCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [formatCsvRow(header), ...rows.map((row) => formatCsvRow(row))].join('\n') + '\n';
}
