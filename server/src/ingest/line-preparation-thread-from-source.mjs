// The preparation thread when Benchline runs from its TypeScript source (tests, `pnpm benchline`): Node 20 runs no
// loader hooks given in a worker's flags, so tsx is registered here, inside the thread, before the thread's module.
import { register } from 'tsx/esm/api';

register();
await import('./line-preparation-thread.ts');
