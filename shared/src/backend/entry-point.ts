/**
 * Entry points of child processes, wherever the code runs from: the built .js beside the built caller, or the .ts
 * source beside the source caller — with the node flags the child needs to load it. (Not for worker threads: Node 20
 * runs no loader given in a thread's flags; see server/src/ingest/line-preparation-pool.ts.)
 */

/** The URL of the sibling module `name` (without extension) of the module at `callerUrl`, in the caller's form. */
export function siblingEntry(name: string, callerUrl: string): string {
  return callerUrl.replace(/[^/]*$/, `${name}${callerUrl.endsWith('.ts') ? '.ts' : '.js'}`);
}

/**
 * The parent's node flags, so a child loads what the parent did (tsx's loader when run from source); for a .ts
 * entry under a runner that transforms TypeScript its own way (vitest), tsx's loader is added.
 */
export function execArgvFor(entry: string, parentExecArgv: readonly string[]): string[] {
  const hasTsx = parentExecArgv.some((arg) => arg === 'tsx' || /[\\/]tsx[\\/]dist[\\/]/.test(arg));
  return entry.endsWith('.ts') && !hasTsx
    ? [...parentExecArgv, '--import', 'tsx', '--conditions=@benchline/source']
    : [...parentExecArgv];
}
