/**
 * Running our Lua scripts: every write that must agree with another write (an event and its index entry; a
 * claim's contribution, the roll-up and the change record) happens inside one script, which Redis runs
 * atomically. Scripts are loaded once per connection and called by SHA; after a Redis restart or failover
 * (NOSCRIPT) they are loaded again. Typed against the few client methods it needs, so this module imports no
 * Redis library.
 */

/** The subset of an ioredis client (or cluster) that running a script needs. */
export interface ScriptClient {
  script(subcommand: 'LOAD', script: string): Promise<unknown>;
  evalsha(sha: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
}

export interface LuaScript {
  readonly name: string;
  readonly source: string;
  readonly shas: WeakMap<ScriptClient, string>;
}

export function defineLuaScript(name: string, source: string): LuaScript {
  return { name, source, shas: new WeakMap() };
}

export async function runLuaScript(
  client: ScriptClient,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    let sha = script.shas.get(client);
    if (sha === undefined) {
      sha = String(await client.script('LOAD', script.source));
      script.shas.set(client, sha);
    }
    try {
      return await client.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
        script.shas.delete(client);
        continue;
      }
      throw error;
    }
  }
  throw new Error(`Lua script ${script.name} could not be loaded`);
}
