/**
 * What every process's configuration has in common: the schema pieces (Redis, key prefix, log level) and the
 * check that stops a process on its first bad setting, naming it. Each process builds its candidate from the
 * environment in its own config.ts.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

export const RedisUrlSetting = Type.String({ pattern: '^rediss?://' });
export const KeyPrefixSetting = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' });
export const LogLevelSetting = Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Validates a configuration candidate; throws naming the first setting that is wrong. */
export function checkConfig<T extends TSchema>(schema: T, candidate: unknown, processName: string): Static<T> {
  const [first] = Compile(schema).Errors(candidate);
  if (first !== undefined) {
    throw new Error(`invalid ${processName} configuration at ${first.instancePath}: ${first.message}`);
  }
  return candidate as Static<T>;
}
