import { handleApiRequest, internalErrorResponse, v1Router } from '@/server/api';
import { readClock } from '@/server/clock/billing-clock';
import { getConfig } from '@/server/config';
import { getDb } from '@/server/database';

export const dynamic = 'force-dynamic';

async function handler(request: Request): Promise<Response> {
  try {
    const config = getConfig();
    const db = await getDb();
    // The adapter is where real time enters: the billing clock turns it into billing time.
    const realNow = new Date();
    const clock = await readClock(db, { simulation: config.simulation, realNow });
    return await handleApiRequest(request, { db, now: clock.now, realNow, simulation: clock.simulation, router: v1Router });
  } catch (error) {
    console.error('API request could not start', error);
    return internalErrorResponse();
  }
}

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST, handler as PUT };
