// The dunning policy as staff edit it in the console: the change and its audit row (before →
// after) commit together, and a refused policy changes nothing.
import type { Database } from '@/db/client';
import { recordAudit, type Actor } from '../audit';
import { getDunningPolicy, saveDunningPolicy } from './dunning';
import type { DunningPolicy } from './rules';

export async function updateDunningPolicy(db: Database, input: { policy: DunningPolicy; actor: Actor; reason?: string }, now: Date): Promise<DunningPolicy> {
  return db.transaction(async (tx) => {
    const before = await getDunningPolicy(tx);
    // saveDunningPolicy validates first: a refusal throws before anything is written.
    const after = await saveDunningPolicy(tx, input.policy, now);
    await recordAudit(tx, { actor: input.actor, action: 'dunning_policy.updated', subjectType: 'dunning_policy', subjectId: '1', reason: input.reason, before, after, at: now });
    return after;
  });
}
