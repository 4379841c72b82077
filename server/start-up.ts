// What the web server does once when it starts (Node.js runtime only): validate configuration,
// open and migrate the database, start the job worker and the payments reconciler. A bad setting stops the app with one
// clear line instead of failing on the first request.
import { getConfig, requireAuthSecret } from './config';
import { getDatabaseHandle } from './database';
import { readClock } from './clock/billing-clock';
import { syncGatewayClocks } from './clock/simulation';
import { getGateways } from './gateways';
import { startReconciler, startWorker } from './jobs/worker';
import { scheduleNoticeSweep } from './notifications/notices';

export async function startServer(): Promise<void> {
  try {
    const config = getConfig();
    requireAuthSecret(config);
    const { db } = await getDatabaseHandle();
    // The daily notices sweep re-schedules itself; this starts the chain (once per day, by its key).
    await scheduleNoticeSweep(db, (await readClock(db, { simulation: config.simulation, realNow: new Date() })).now);
    startWorker({ db, simulation: config.simulation, intervalMs: 5000, onError: (error) => console.error('settle worker:', error) });
    const gateways = getGateways();
    if (config.simulation) await syncGatewayClocks(gateways, (await readClock(db, { simulation: true, realNow: new Date() })).now);
    startReconciler({ db, gateways, simulation: config.simulation, intervalMs: 60_000, onError: (error) => console.error('settle reconciler:', error) });
  } catch (error) {
    console.error(`settle: ${(error as Error).message}`);
    process.exit(1);
  }
}
