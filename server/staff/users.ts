// Staff users as admins manage them: who works here, with which role, and who may still sign in.
// The rules that matter: there is always at least one active admin, a deactivated person is
// signed out at once, and every change leaves an audit row with its before and after (never a
// password or its hash).
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { sessions, users } from '@/db/schema';
import { recordAudit, type Actor } from '../audit';
import { isStaffRole, type StaffRole } from '../auth/roles';
import { createStaffUser } from '../auth/users';
import { SettleError } from '../errors';

export interface StaffMember {
  id: string;
  email: string;
  name: string | null;
  role: StaffRole;
  active: boolean;
  createdAt: Date;
}

type UserRow = typeof users.$inferSelect;

const toMember = (row: UserRow): StaffMember => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role as StaffRole,
  active: row.disabledAt === null,
  createdAt: row.createdAt,
});

/** What an audit row may say about a member of staff: never the password hash. */
const auditView = (member: StaffMember) => ({ email: member.email, name: member.name, role: member.role, active: member.active });

export async function listStaffMembers(db: Database): Promise<StaffMember[]> {
  const rows = await db.select().from(users).where(eq(users.kind, 'staff')).orderBy(asc(users.email));
  return rows.map(toMember);
}

export function assertReason(reason: string | undefined): string {
  const trimmed = reason?.trim() ?? '';
  if (trimmed.length < 3 || trimmed.length > 500) throw new SettleError('VALIDATION_FAILED', 'Say why, in 3 to 500 characters.', 'reason');
  return trimmed;
}

export async function inviteStaffMember(
  db: Database,
  input: { email: string; name?: string; role: string; password: string },
  actor: Actor,
): Promise<StaffMember> {
  const name = input.name?.trim() || undefined;
  if (name && name.length > 100) throw new SettleError('VALIDATION_FAILED', 'The name must be at most 100 characters long.', 'name');
  const viewer = await createStaffUser(db, { email: input.email, role: input.role, password: input.password, name }, actor);
  const [row] = await db.select().from(users).where(eq(users.id, viewer.userId));
  return toMember(row!);
}

/**
 * Locks the member's row and every active admin's row, so two admins demoting or deactivating
 * each other at the same moment cannot both succeed and leave nobody able to administer.
 */
async function lockForChange(tx: Database, userId: string): Promise<{ member: StaffMember; activeAdmins: number }> {
  await tx.execute(sql`select id from users where kind = 'staff' and role = 'admin' and disabled_at is null order by id for update`);
  const [row] = await tx.select().from(users).where(and(eq(users.id, userId), eq(users.kind, 'staff'))).for('update');
  if (!row) throw new SettleError('NOT_FOUND', 'No member of staff has this id.', 'userId');
  const [admins] = await tx
    .select({ value: count() })
    .from(users)
    .where(and(eq(users.kind, 'staff'), eq(users.role, 'admin'), isNull(users.disabledAt)));
  return { member: toMember(row), activeAdmins: admins?.value ?? 0 };
}

/** Refuses a change that would leave no active admin: the change removes `member` from the admins. */
export function assertNotLastAdmin(member: Pick<StaffMember, 'role' | 'active'>, activeAdmins: number, param: string): void {
  if (member.role === 'admin' && member.active && activeAdmins <= 1) {
    throw new SettleError('CONFLICT', 'This is the last active admin: make someone else an admin first.', param);
  }
}

export async function changeStaffRole(
  db: Database,
  input: { userId: string; role: string; reason?: string },
  actor: Actor,
  now: Date,
): Promise<StaffMember> {
  if (!isStaffRole(input.role)) throw new SettleError('INVALID_ROLE', `Role must be one of support, finance, admin (got "${input.role}").`, 'role');
  const role = input.role;
  const reason = assertReason(input.reason);
  return db.transaction(async (tx) => {
    const { member, activeAdmins } = await lockForChange(tx, input.userId);
    if (member.role === role) return member;
    if (role !== 'admin') assertNotLastAdmin(member, activeAdmins, 'role');
    const [row] = await tx.update(users).set({ role }).where(eq(users.id, member.id)).returning();
    const after = toMember(row!);
    await recordAudit(tx, { actor, action: 'staff_user.role_changed', subjectType: 'user', subjectId: member.id, reason, before: auditView(member), after: auditView(after), at: now });
    return after;
  });
}

/**
 * Deactivating ends every session of the person in the same transaction, so they are signed out
 * on their next request; reactivating lets them sign in again with their password.
 */
export async function setStaffActive(
  db: Database,
  input: { userId: string; active: boolean; reason?: string },
  actor: Actor,
  now: Date,
): Promise<StaffMember & { sessionsEnded: number }> {
  const reason = assertReason(input.reason);
  return db.transaction(async (tx) => {
    const { member, activeAdmins } = await lockForChange(tx, input.userId);
    if (member.active === input.active) return { ...member, sessionsEnded: 0 };
    if (!input.active) assertNotLastAdmin(member, activeAdmins, 'userId');
    const [row] = await tx
      .update(users)
      .set({ disabledAt: input.active ? null : now })
      .where(eq(users.id, member.id))
      .returning();
    const ended = input.active ? [] : await tx.delete(sessions).where(eq(sessions.userId, member.id)).returning({ token: sessions.sessionToken });
    const after = toMember(row!);
    await recordAudit(tx, {
      actor,
      action: input.active ? 'staff_user.reactivated' : 'staff_user.deactivated',
      subjectType: 'user',
      subjectId: member.id,
      reason,
      before: auditView(member),
      after: input.active ? auditView(after) : { ...auditView(after), sessionsEnded: ended.length },
      at: now,
    });
    return { ...after, sessionsEnded: ended.length };
  });
}
