import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { users } from '@/db/schema';
import { createTestDatabase } from '../testing/database';
import { makeCustomerWithContact, makeStaff } from '../testing/fixtures';
import { createSession, resolveSession, revokeSession, revokeUserSessions, sessionMaxAgeSeconds } from './sessions';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const now = new Date('2026-06-15T12:00:00Z');

describe('server-side sessions', () => {
  it('resolves a live session to its user and forgets it once revoked', async () => {
    const { contact, customer } = await makeCustomerWithContact(handle.db);
    const token = await createSession(handle.db, { userId: contact.userId, now });
    expect(await resolveSession(handle.db, token, now)).toMatchObject({ userId: contact.userId, kind: 'customer', customerId: customer.id });
    await revokeSession(handle.db, token);
    expect(await resolveSession(handle.db, token, now)).toBeNull();
  });

  it('expires after its maximum age', async () => {
    const staff = await makeStaff(handle.db, 'support');
    const token = await createSession(handle.db, { userId: staff.userId, now });
    expect(await resolveSession(handle.db, token, new Date(now.getTime() + sessionMaxAgeSeconds * 1000 - 1))).not.toBeNull();
    expect(await resolveSession(handle.db, token, new Date(now.getTime() + sessionMaxAgeSeconds * 1000))).toBeNull();
  });

  it('ends every session of a user at once, and none survives disabling the user', async () => {
    const staff = await makeStaff(handle.db, 'admin');
    const first = await createSession(handle.db, { userId: staff.userId, now });
    const second = await createSession(handle.db, { userId: staff.userId, now });
    const other = await makeStaff(handle.db, 'admin');
    const otherToken = await createSession(handle.db, { userId: other.userId, now });
    expect(await revokeUserSessions(handle.db, staff.userId)).toBe(2);
    expect(await resolveSession(handle.db, first, now)).toBeNull();
    expect(await resolveSession(handle.db, second, now)).toBeNull();
    expect(await resolveSession(handle.db, otherToken, now)).not.toBeNull();
    await handle.db.update(users).set({ disabledAt: now }).where(eq(users.id, other.userId));
    expect(await resolveSession(handle.db, otherToken, now)).toBeNull();
  });

  it('an unknown token resolves to nobody', async () => {
    expect(await resolveSession(handle.db, 'forged-token', now)).toBeNull();
  });
});
