// Builds the tRPC context for a web request.
import { getViewer } from '../auth/viewer';
import { clockFor } from '../clock/billing-clock';
import { getConfig } from '../config';
import { headers as nextHeaders } from 'next/headers';
import { clientIp } from '../auth/sign-in-guard';
import { getDb } from '../database';
import { getGateways } from '../gateways';
import type { Context } from './context';

export async function createRequestContext(options?: { req: Request }): Promise<Context> {
  const config = getConfig();
  const db = await getDb();
  // Billing time: the simulated time in simulation, otherwise real time.
  const clock = await clockFor(db, { simulation: config.simulation, realNow: new Date() });
  const headers = options ? options.req.headers : await nextHeaders();
  return {
    db,
    clock,
    config,
    viewer: await getViewer(),
    gateways: getGateways,
    client: { ip: clientIp(headers), userAgent: headers.get('user-agent') },
  };
}
