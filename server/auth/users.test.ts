import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { createTestDatabase } from '../testing/database';
import { makeCustomerWithContact, testPassword } from '../testing/fixtures';
import { authenticateStaff, createStaffUser, findCustomerContact } from './users';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const cli = { type: 'cli' } as const;

describe('staff users', () => {
  it('stores a bcrypt hash, never the password, and audits the creation', async () => {
    const user = await createStaffUser(handle.db, { email: '  Finance@Example.com ', role: 'finance', password: testPassword }, cli);
    expect(user.email).toBe('finance@example.com');
    const [row] = await handle.db.select().from(users).where(eq(users.id, user.userId));
    expect(row!.passwordHash).toMatch(/^\$2[aby]\$11\$/);
    expect(row!.passwordHash).not.toContain(testPassword);
    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.subjectId, user.userId));
    expect(audit.map((a) => a.action)).toEqual(['staff_user.created']);
  });

  it('authenticates the right password only', async () => {
    await createStaffUser(handle.db, { email: 'support@example.com', role: 'support', password: testPassword }, cli);
    expect((await authenticateStaff(handle.db, { email: 'SUPPORT@example.com', password: testPassword }))?.role).toBe('support');
    expect(await authenticateStaff(handle.db, { email: 'support@example.com', password: `${testPassword}!` })).toBeNull();
    expect(await authenticateStaff(handle.db, { email: 'nobody@example.com', password: testPassword })).toBeNull();
  });

  it('refuses a disabled user', async () => {
    const user = await createStaffUser(handle.db, { email: 'gone@example.com', role: 'admin', password: testPassword }, cli);
    await handle.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.userId));
    expect(await authenticateStaff(handle.db, { email: 'gone@example.com', password: testPassword })).toBeNull();
  });

  it.each([
    [{ email: 'not-an-email', role: 'admin', password: testPassword }, 'VALIDATION_FAILED', 'email'],
    [{ email: 'a@example.com', role: 'owner', password: testPassword }, 'INVALID_ROLE', 'role'],
    [{ email: 'a@example.com', role: 'admin', password: 'short' }, 'WEAK_PASSWORD', 'password'],
  ])('refuses bad input %j with a specific error and changes nothing', async (input, code, param) => {
    const before = await handle.db.select({ n: sql<number>`count(*)::int` }).from(users);
    await expect(createStaffUser(handle.db, input, cli)).rejects.toMatchObject({ code, param });
    const after = await handle.db.select({ n: sql<number>`count(*)::int` }).from(users);
    expect(after).toEqual(before);
  });

  it('refuses a second user with the same e-mail, whatever its case', async () => {
    await createStaffUser(handle.db, { email: 'dup@example.com', role: 'admin', password: testPassword }, cli);
    await expect(createStaffUser(handle.db, { email: 'DUP@example.com', role: 'support', password: testPassword }, cli)).rejects.toMatchObject({
      code: 'EMAIL_TAKEN',
    });
  });
});

describe('customer contacts', () => {
  it('only billing contacts may receive a sign-in link', async () => {
    const { contact } = await makeCustomerWithContact(handle.db);
    expect((await findCustomerContact(handle.db, contact.email))?.userId).toBe(contact.userId);
    expect(await findCustomerContact(handle.db, 'finance@example.com')).toBeNull(); // staff
    expect(await findCustomerContact(handle.db, 'stranger@example.com')).toBeNull();
  });

  it('the database itself refuses a contact without an account or a staff member with one', async () => {
    const { customer } = await makeCustomerWithContact(handle.db);
    await expect(handle.db.insert(users).values({ id: 'usr_x1', email: 'x1@example.com', kind: 'customer' })).rejects.toThrow();
    await expect(
      handle.db.insert(users).values({ id: 'usr_x2', email: 'x2@example.com', kind: 'staff', role: 'admin', customerId: customer.id }),
    ).rejects.toThrow();
  });
});
