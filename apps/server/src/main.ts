import { createServer } from './app.js';
import { configFromEnv } from './config.js';

const config = configFromEnv();
const server = await createServer(config);
const url = await server.listen();
server.app.log.info(`Qualification Map Studio is running at ${url} (data in ${config.databaseUrl ? 'PostgreSQL' : config.dataDir})`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1); // a second Ctrl+C means "now"
    stopping = true;
    server.app.log.info(`${signal}: saving every open map, then stopping`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  });
}
