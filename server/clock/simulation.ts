// Advancing the simulated clock on behalf of a person or the API: the due work runs through the
// registered job handlers, and the move is audited.
import type { Database } from '@/db/client';
import { recordAudit, type Actor } from '../audit';
import { runDueJobs } from '../jobs/worker';
import { getGateways, type GatewayRegistry } from '../gateways';
import { advanceClock, type AdvanceBy } from './billing-clock';

export async function advanceSimulation(db: Database, input: { by: AdvanceBy; realNow: Date; simulation: boolean; actor: Actor }) {
  const result = await advanceClock(db, { by: input.by, realNow: input.realNow, simulation: input.simulation, runDue: (now) => runDueJobs(db, now) });
  // The gateways' test clocks follow, so their time-based work (SEPA debits settling, payouts)
  // happens as the simulated days pass; what they report arrives by webhook.
  await syncGatewayClocks(getGateways(), result.now);
  await recordAudit(db, {
    actor: input.actor,
    action: 'clock.advanced',
    subjectType: 'billing_clock',
    subjectId: 'simulation',
    before: { now: result.from.toISOString() },
    after: { now: result.now.toISOString() },
    at: input.realNow,
  });
  return result;
}

/** Moves every gateway that has a test clock to `now`; a gateway that does not answer is skipped. */
export async function syncGatewayClocks(registry: GatewayRegistry, now: Date): Promise<void> {
  for (const gateway of registry.all()) {
    await gateway.advanceClock?.(now).catch((error: unknown) => console.error(`settle: could not move gateway ${gateway.id}'s test clock:`, (error as Error).message));
  }
}
