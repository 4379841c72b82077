// Who may sign in: customer billing contacts (by e-mail link) and staff (by password).
import { and, count, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { users } from '@/db/schema';
import { SettleError } from '../errors';
import { newId } from '../ids';
import { recordAudit, type Actor } from '../audit';
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords';
import { isStaffRole, type StaffRole } from './roles';

export interface Viewer {
  userId: string;
  email: string;
  name: string | null;
  kind: 'customer' | 'staff';
  role: StaffRole | null;
  customerId: string | null;
  locale: string | null;
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function assertEmail(email: string): string {
  const normalized = normalizeEmail(email);
  if (!emailPattern.test(normalized) || normalized.length > 254) {
    throw new SettleError('VALIDATION_FAILED', `"${email}" is not a valid e-mail address.`, 'email');
  }
  return normalized;
}

type UserRow = typeof users.$inferSelect;

export const toViewer = (row: UserRow): Viewer => ({
  userId: row.id,
  email: row.email,
  name: row.name,
  kind: row.kind,
  role: row.role,
  customerId: row.customerId,
  locale: row.locale,
});

export async function findActiveUserByEmail(db: Database, email: string): Promise<Viewer | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.email, normalizeEmail(email)), isNull(users.disabledAt)));
  return row ? toViewer(row) : null;
}

/** A billing contact who may receive a sign-in link; staff and unknown addresses may not. */
export async function findCustomerContact(db: Database, email: string): Promise<Viewer | null> {
  const user = await findActiveUserByEmail(db, email);
  return user?.kind === 'customer' ? user : null;
}

export async function authenticateStaff(db: Database, input: { email: string; password: string }): Promise<Viewer | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.email, normalizeEmail(input.email)), eq(users.kind, 'staff'), isNull(users.disabledAt)));
  const ok = await verifyPassword(input.password, row?.passwordHash);
  return ok && row ? toViewer(row) : null;
}

export async function createStaffUser(
  db: Database,
  input: { email: string; role: string; password: string; name?: string },
  actor: Actor,
): Promise<Viewer> {
  const email = assertEmail(input.email);
  if (!isStaffRole(input.role)) {
    throw new SettleError('INVALID_ROLE', `Role must be one of support, finance, admin (got "${input.role}").`, 'role');
  }
  assertStrongPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ id: newId('usr'), email, name: input.name ?? null, kind: 'staff', role: input.role as StaffRole, passwordHash })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new SettleError('EMAIL_TAKEN', `A user with the e-mail ${email} already exists.`, 'email');
    await recordAudit(tx, { actor, action: 'staff_user.created', subjectType: 'user', subjectId: row.id, after: { email, role: row.role } });
    return toViewer(row);
  });
}

export async function addCustomerContact(
  db: Database,
  input: { customerId: string; email: string; name?: string; locale?: string },
): Promise<Viewer> {
  const email = assertEmail(input.email);
  const [row] = await db
    .insert(users)
    .values({ id: newId('usr'), email, name: input.name ?? null, kind: 'customer', customerId: input.customerId, locale: input.locale ?? null })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new SettleError('EMAIL_TAKEN', `A user with the e-mail ${email} already exists.`, 'email');
  return toViewer(row);
}

export async function setUserLocale(db: Database, userId: string, locale: string): Promise<void> {
  await db.update(users).set({ locale }).where(eq(users.id, userId));
}

export async function countUsersByKind(db: Database): Promise<{ customer: number; staff: number }> {
  const rows = await db.select({ kind: users.kind, value: count() }).from(users).groupBy(users.kind);
  return {
    customer: rows.find((r) => r.kind === 'customer')?.value ?? 0,
    staff: rows.find((r) => r.kind === 'staff')?.value ?? 0,
  };
}
