/** Server process entry: configuration, the app, listen, and a graceful close on SIGINT/SIGTERM. */
import { buildApp } from './app.js';
import { loadServerConfig } from './config.js';

const config = loadServerConfig(process.env);
const app = await buildApp(config);
await app.listen({ host: config.host, port: config.port });

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) {
      return;
    }
    stopping = true;
    app.log.info({ signal }, 'closing server');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: String(error) }, 'server did not close cleanly');
        process.exit(1);
      },
    );
  });
}
