// The dunning policy in the staff console: admins change it with an audit row (before → after),
// a refused value names its field and changes nothing, other roles may read but not change it.
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditLog } from '@/db/schema';
import { getDunningPolicy } from '../../collections/dunning';
import { defaultDunningPolicy } from '../../collections/rules';
import { createTestDatabase } from '../../testing/database';
import { contextFor, makeStaff } from '../../testing/fixtures';
import { createCaller } from '../root';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const at = '2026-06-15T12:00:00Z';
const policyAudits = () => handle.db.select().from(auditLog).where(eq(auditLog.action, 'dunning_policy.updated'));

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { code: error.code, param: (error.cause as { param?: string } | undefined)?.param ?? null };
  }
  throw new Error('expected a refusal');
}

describe('staff.dunningPolicy', () => {
  it('lets an admin change the policy, recording before and after in the audit log', async () => {
    const admin = await makeStaff(handle.db, 'admin');
    const caller = createCaller(contextFor(handle.db, admin, at));
    expect(await caller.staff.dunningPolicy.get()).toEqual(defaultDunningPolicy);

    const changed = { ...defaultDunningPolicy, retryMode: 'spread' as const, spreadTries: 6, spreadWeeks: 2, reminderDaysAfterDue: [2, 9], finalAction: 'mark_unpaid' as const, markUncollectible: true };
    expect(await caller.staff.dunningPolicy.update(changed)).toEqual(changed);
    expect(await getDunningPolicy(handle.db)).toEqual(changed);

    const [audit] = await policyAudits();
    expect(audit).toMatchObject({ actorType: 'staff', actorId: admin.userId, subjectType: 'dunning_policy', subjectId: '1', before: defaultDunningPolicy, after: changed });
    expect(audit!.createdAt).toEqual(new Date(at));
  });

  it('refuses an invalid value by its field and changes nothing, audit included', async () => {
    const caller = createCaller(contextFor(handle.db, await makeStaff(handle.db, 'admin'), at));
    const before = await getDunningPolicy(handle.db);
    const audits = (await policyAudits()).length;
    expect(await refusal(caller.staff.dunningPolicy.update({ ...before, retryMode: 'intervals', retryIntervalsDays: [3, 90] }))).toEqual({ code: 'BAD_REQUEST', param: 'retryIntervalsDays' });
    expect(await refusal(caller.staff.dunningPolicy.update({ ...before, retryMode: 'spread', spreadTries: 12, spreadWeeks: 1 }))).toEqual({ code: 'BAD_REQUEST', param: 'spreadTries' });
    expect(await refusal(caller.staff.dunningPolicy.update({ ...before, reminderDaysBeforeDue: [0] }))).toEqual({ code: 'BAD_REQUEST', param: 'reminderDaysBeforeDue' });
    expect(await getDunningPolicy(handle.db)).toEqual(before);
    expect(await policyAudits()).toHaveLength(audits);
  });

  it('lets support and finance read the policy but not change it', async () => {
    for (const role of ['support', 'finance'] as const) {
      const caller = createCaller(contextFor(handle.db, await makeStaff(handle.db, role), at));
      const policy = await caller.staff.dunningPolicy.get();
      expect(await refusal(caller.staff.dunningPolicy.update({ ...policy, finalAction: 'leave_past_due' }))).toEqual({ code: 'FORBIDDEN', param: null });
      expect((await getDunningPolicy(handle.db)).finalAction).toBe(policy.finalAction);
    }
  });
});
