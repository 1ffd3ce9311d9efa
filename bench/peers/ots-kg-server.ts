// Our endpoint as its own process for the benchmark: `startServer` with the settings from the environment (DUMPS_DIR, PORT, ...).
// Run: `DUMPS_DIR=dir PORT=3030 node --import tsx bench/peers/ots-kg-server.ts`; SIGTERM stops it.
import { startServer } from '../../src/server.js';

const server = await startServer({ env: { LOG_REQUESTS: 'false', ...process.env }, quiet: true, log: (line) => process.stderr.write(`${line}\n`) });
process.stdout.write(`ots-kg endpoint at ${server.url}/sparql (${server.config.queryWorkers} query workers)\n`);
