// Builds the tRPC context for a web request.
import { getViewer } from '../auth/viewer';
import { clockFor } from '../clock/billing-clock';
import { getConfig } from '../config';
import { getDb } from '../database';
import type { Context } from './context';

export async function createRequestContext(): Promise<Context> {
  const config = getConfig();
  const db = await getDb();
  // Billing time: the simulated time in simulation, otherwise real time.
  const clock = await clockFor(db, { simulation: config.simulation, realNow: new Date() });
  return { db, clock, config, viewer: await getViewer() };
}
