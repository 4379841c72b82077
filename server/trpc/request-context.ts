// Builds the tRPC context for a web request.
import { getViewer } from '../auth/viewer';
import { systemClock } from '../clock';
import { getConfig } from '../config';
import { getDb } from '../database';
import type { Context } from './context';

export async function createRequestContext(): Promise<Context> {
  const config = getConfig();
  return { db: await getDb(), clock: systemClock, config, viewer: await getViewer() };
}
