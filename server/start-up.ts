// What the web server does once when it starts (Node.js runtime only): validate configuration,
// open and migrate the database, and start the job worker. A bad setting stops the app with one
// clear line instead of failing on the first request.
import { getConfig, requireAuthSecret } from './config';
import { getDatabaseHandle } from './database';
import { startWorker } from './jobs/worker';

export async function startServer(): Promise<void> {
  try {
    const config = getConfig();
    requireAuthSecret(config);
    const { db } = await getDatabaseHandle();
    startWorker({ db, simulation: config.simulation, intervalMs: 5000, onError: (error) => console.error('settle worker:', error) });
  } catch (error) {
    console.error(`settle: ${(error as Error).message}`);
    process.exit(1);
  }
}
