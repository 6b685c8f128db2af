/**
 * Schema errors → field issues: a JSON pointer to the offending field itself (not its parent), the rule it
 * broke and a readable message. One translation for every way events come in (HTTP bodies, NDJSON lines,
 * files checked by the CLI), so the same mistake is always reported the same way.
 */
import type { FieldIssue } from '../errors.js';

/** A validation error as TypeBox reports it (Fastify's schema validation uses TypeBox here too). */
export interface SchemaError {
  instancePath: string;
  schemaPath?: string;
  keyword: string;
  message?: string;
  params?: object;
}

/** The most issues one answer names: enough to fix a record by, never an answer that grows with the input. */
export const MAX_FIELD_ISSUES = 100;

export function toFieldIssues(errors: readonly SchemaError[], prefix = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const error of errors) {
    const params = (error.params ?? {}) as Record<string, unknown>;
    const base = `${prefix}${error.instancePath}`;
    if (error.keyword === 'boolean' && error.schemaPath?.endsWith('/additionalProperties') === true) {
      // An unknown field, which the parent's additionalProperties error names again — unless the validator's cap
      // on errors (8) stopped before it: an event with nine unknown fields was refused naming none.
      issues.push({ path: base, reason: 'unknown-field', message: 'is not a field of this event' });
      continue;
    }
    if (error.keyword === 'required' && Array.isArray(params.requiredProperties)) {
      for (const name of params.requiredProperties as string[]) {
        issues.push({ path: `${base}/${name}`, reason: 'required', message: 'is required' });
      }
    } else if (error.keyword === 'additionalProperties' && Array.isArray(params.additionalProperties)) {
      for (const name of params.additionalProperties as string[]) {
        issues.push({ path: `${base}/${name}`, reason: 'unknown-field', message: 'is not a field of this event' });
      }
    } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
      issues.push({
        path: base,
        reason: 'enum',
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      });
    } else {
      issues.push({ path: base, reason: error.keyword, message: error.message ?? error.keyword });
    }
  }
  return dedupeIssues(issues).slice(0, MAX_FIELD_ISSUES);
}

/** The same field can fail in several branches of a schema; report each (path, reason) once. */
export function dedupeIssues(issues: readonly FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const id = `${issue.path}|${issue.reason}`;
    if (seen.has(id)) {
      return false;
    }
    seen.add(id);
    return true;
  });
}
