import { TRPCError } from '@trpc/server';
import { and, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditLog, sessions, users } from '@/db/schema';
import { createSession, resolveSession } from '../auth/sessions';
import { authenticateStaff } from '../auth/users';
import { createTestDatabase } from '../testing/database';
import { contextFor, makeStaff, testPassword } from '../testing/fixtures';
import { createCaller } from '../trpc/root';
import { changeStaffRole, inviteStaffMember, listStaffMembers, setStaffActive } from './users';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const now = new Date('2026-06-15T12:00:00Z');
const later = new Date('2026-06-15T13:00:00Z');
// Creation is stamped by the database's clock, the changes by `now`: compare the changes only.
const changeRows = (subjectId: string) =>
  handle.db.select().from(auditLog).where(and(eq(auditLog.subjectId, subjectId), ne(auditLog.action, 'staff_user.created'))).orderBy(auditLog.createdAt);
const auditRows = (subjectId: string) => handle.db.select().from(auditLog).where(eq(auditLog.subjectId, subjectId));

/** Deactivates every active admin but `keep`, so each test starts from a known number of admins. */
async function onlyAdmin(keep: string) {
  const admins = await handle.db.select().from(users).where(and(eq(users.kind, 'staff'), eq(users.role, 'admin')));
  for (const admin of admins) if (admin.id !== keep && !admin.disabledAt) await handle.db.update(users).set({ disabledAt: now }).where(eq(users.id, admin.id));
}

describe('staff users', () => {
  it('invites a member with a role who can then sign in, and audits it without the password', async () => {
    const admin = await makeStaff(handle.db, 'admin');
    const member = await inviteStaffMember(handle.db, { email: 'New.Person@Example.com', name: ' Nora ', role: 'support', password: testPassword }, { type: 'staff', id: admin.userId });
    expect(member).toMatchObject({ email: 'new.person@example.com', name: 'Nora', role: 'support', active: true });
    expect((await authenticateStaff(handle.db, { email: 'new.person@example.com', password: testPassword }))?.role).toBe('support');
    const [row] = await auditRows(member.id);
    expect(row).toMatchObject({ actorType: 'staff', actorId: admin.userId, action: 'staff_user.created', after: { email: 'new.person@example.com', role: 'support' } });
    expect(JSON.stringify(row)).not.toContain(testPassword);
    expect(JSON.stringify(row)).not.toContain('$2');
    expect((await listStaffMembers(handle.db)).map((m) => m.email)).toContain('new.person@example.com');
  });

  it('changes a role with a reason, audited before → after', async () => {
    const admin = await makeStaff(handle.db, 'admin');
    const member = await makeStaff(handle.db, 'support');
    const changed = await changeStaffRole(handle.db, { userId: member.userId, role: 'finance', reason: 'Moved to the finance team' }, { type: 'staff', id: admin.userId }, now);
    expect(changed.role).toBe('finance');
    const rows = await changeRows(member.userId);
    expect(rows).toHaveLength(1);
    expect(rows.at(-1)).toMatchObject({
      action: 'staff_user.role_changed',
      reason: 'Moved to the finance team',
      before: { email: member.email, role: 'support', active: true },
      after: { email: member.email, role: 'finance', active: true },
    });
    expect(rows.at(-1)!.createdAt).toEqual(now);
  });

  it('refuses a role change without a reason or to an unknown role, and changes nothing', async () => {
    const admin = await makeStaff(handle.db, 'admin');
    const member = await makeStaff(handle.db, 'support');
    const actor = { type: 'staff', id: admin.userId } as const;
    await expect(changeStaffRole(handle.db, { userId: member.userId, role: 'finance', reason: ' ' }, actor, now)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', param: 'reason' });
    await expect(changeStaffRole(handle.db, { userId: member.userId, role: 'owner', reason: 'Promotion' }, actor, now)).rejects.toMatchObject({ code: 'INVALID_ROLE', param: 'role' });
    await expect(changeStaffRole(handle.db, { userId: 'usr_nobody', role: 'admin', reason: 'Promotion' }, actor, now)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [row] = await handle.db.select().from(users).where(eq(users.id, member.userId));
    expect(row!.role).toBe('support');
    expect((await auditRows(member.userId)).map((r) => r.action)).toEqual(['staff_user.created']);
  });

  it('refuses to demote or deactivate the last active admin, even themselves', async () => {
    const admin = await makeStaff(handle.db, 'admin');
    await onlyAdmin(admin.userId);
    const actor = { type: 'staff', id: admin.userId } as const;
    await expect(changeStaffRole(handle.db, { userId: admin.userId, role: 'finance', reason: 'Stepping back' }, actor, now)).rejects.toMatchObject({ code: 'CONFLICT', param: 'role' });
    await expect(setStaffActive(handle.db, { userId: admin.userId, active: false, reason: 'Leaving' }, actor, now)).rejects.toMatchObject({ code: 'CONFLICT', param: 'userId' });
    const [row] = await handle.db.select().from(users).where(eq(users.id, admin.userId));
    expect(row).toMatchObject({ role: 'admin', disabledAt: null });

    // With a second admin, the first may step back.
    const second = await makeStaff(handle.db, 'admin');
    await changeStaffRole(handle.db, { userId: admin.userId, role: 'finance', reason: 'Stepping back' }, actor, now);
    await expect(setStaffActive(handle.db, { userId: second.userId, active: false, reason: 'Leaving' }, actor, now)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('allows only one of two admins demoting each other at once', async () => {
    const first = await makeStaff(handle.db, 'admin');
    await onlyAdmin(first.userId);
    const second = await makeStaff(handle.db, 'admin');
    const results = await Promise.allSettled([
      changeStaffRole(handle.db, { userId: first.userId, role: 'support', reason: 'Swap' }, { type: 'staff', id: second.userId }, now),
      changeStaffRole(handle.db, { userId: second.userId, role: 'support', reason: 'Swap' }, { type: 'staff', id: first.userId }, now),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const admins = await handle.db.select().from(users).where(and(eq(users.role, 'admin'), eq(users.kind, 'staff')));
    expect(admins.filter((a) => !a.disabledAt)).toHaveLength(1);
  });

  it('deactivating ends every session at once; reactivating lets them sign in again', async () => {
    const admin = await makeStaff(handle.db, 'admin');
    const member = await makeStaff(handle.db, 'finance');
    const token = await createSession(handle.db, { userId: member.userId, now });
    await createSession(handle.db, { userId: member.userId, now });
    expect(await resolveSession(handle.db, token, now)).not.toBeNull();
    const actor = { type: 'staff', id: admin.userId } as const;

    const off = await setStaffActive(handle.db, { userId: member.userId, active: false, reason: 'Left the company' }, actor, now);
    expect(off).toMatchObject({ active: false, sessionsEnded: 2 });
    expect(await resolveSession(handle.db, token, now)).toBeNull();
    expect(await handle.db.select().from(sessions).where(eq(sessions.userId, member.userId))).toEqual([]);
    expect(await authenticateStaff(handle.db, { email: member.email, password: testPassword })).toBeNull();

    await setStaffActive(handle.db, { userId: member.userId, active: true, reason: 'Came back' }, actor, later);
    expect((await authenticateStaff(handle.db, { email: member.email, password: testPassword }))?.userId).toBe(member.userId);
    const rows = await changeRows(member.userId);
    expect(rows.map((r) => [r.action, r.before, r.after])).toEqual([
      ['staff_user.deactivated', { email: member.email, name: null, role: 'finance', active: true }, { email: member.email, name: null, role: 'finance', active: false, sessionsEnded: 2 }],
      ['staff_user.reactivated', { email: member.email, name: null, role: 'finance', active: false }, { email: member.email, name: null, role: 'finance', active: true }],
    ]);
  });

  it('answers FORBIDDEN to finance and support on every staff.users, staff.audit and staff.settings procedure', async () => {
    const paths = [
      ['users', 'list'],
      ['users', 'invite'],
      ['users', 'changeRole'],
      ['users', 'setActive'],
      ['audit', 'list'],
      ['settings', 'merchant'],
      ['settings', 'updateMerchant'],
      ['settings', 'numbering'],
      ['settings', 'taxes'],
    ] as const;
    for (const role of ['finance', 'support'] as const) {
      const caller = createCaller(contextFor(handle.db, await makeStaff(handle.db, role))).staff as unknown as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
      for (const [group, name] of paths) {
        const error = await caller[group]![name]!({}).catch((failure: unknown) => failure);
        expect([role, group, name, error instanceof TRPCError ? error.code : error]).toEqual([role, group, name, 'FORBIDDEN']);
      }
    }
  });
});
