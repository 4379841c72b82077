// Advancing the simulated clock on behalf of a person or the API: the due work runs through the
// registered job handlers, and the move is audited.
import type { Database } from '@/db/client';
import { recordAudit, type Actor } from '../audit';
import { runDueJobs } from '../jobs/worker';
import { advanceClock, type AdvanceBy } from './billing-clock';

export async function advanceSimulation(db: Database, input: { by: AdvanceBy; realNow: Date; simulation: boolean; actor: Actor }) {
  const result = await advanceClock(db, { by: input.by, realNow: input.realNow, simulation: input.simulation, runDue: (now) => runDueJobs(db, now) });
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
