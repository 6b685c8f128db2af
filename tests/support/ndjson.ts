/** Posting NDJSON to the bulk endpoint and reading its line-by-line answer. */
export interface BulkAnswer {
  status: number;
  results: {
    line: number;
    status: string;
    eventIds?: string[];
    error?: { code: string; message?: string; issues?: { path: string; reason: string }[] };
  }[];
  summary?: { lines: number; accepted: number; duplicate: number; rejected: number };
  error?: { code: string };
}

export function toNdjson(values: unknown[]): string {
  return values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join('\n') + '\n';
}

export async function postBulk(
  url: string,
  apiKey: string,
  body: string,
  contentType = 'application/x-ndjson',
): Promise<BulkAnswer> {
  const response = await fetch(`${url}/api/v1/events/bulk`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${apiKey}` },
    body,
  });
  return parseBulkAnswer(response.status, await response.text());
}

/** A line-by-line answer (NDJSON), or an error body (JSON), as one object. */
export function parseBulkAnswer(status: number, text: string): BulkAnswer {
  if (!text.startsWith('{"line"') && !text.startsWith('{"summary"')) {
    return { status, results: [], ...(JSON.parse(text) as object) };
  }
  const answer: BulkAnswer = { status, results: [] };
  for (const line of text.split('\n')) {
    if (line.length === 0) {
      continue;
    }
    const parsed = JSON.parse(line) as Record<string, unknown>;
    if ('summary' in parsed) {
      answer.summary = parsed.summary as BulkAnswer['summary'];
      if ('error' in parsed) {
        answer.error = parsed.error as BulkAnswer['error'];
      }
    } else {
      answer.results.push(parsed as BulkAnswer['results'][number]);
    }
  }
  return answer;
}
