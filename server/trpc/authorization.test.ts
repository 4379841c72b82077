// Deny by default: every staff procedure refuses customers and anonymous callers; customers see
// only their own account; roles are enforced.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { sendEmail } from '../notifications/mailer';
import { createTestDatabase } from '../testing/database';
import { contextFor, makeCustomerWithContact, makeStaff } from '../testing/fixtures';
import { appRouter, createCaller } from './root';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const staffProcedurePaths = Object.keys(appRouter._def.procedures).filter((path) => path.startsWith('staff.'));
const portalProcedurePaths = Object.keys(appRouter._def.procedures).filter((path) => path.startsWith('portal.'));

async function callPath(caller: ReturnType<typeof createCaller>, path: string) {
  const procedure = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input?: unknown) => Promise<unknown>;
  return procedure({ id: 'cus_anything', query: '' });
}

async function errorCode(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof TRPCError ? error.code : 'NOT_A_TRPC_ERROR';
  }
}

describe('authorization', () => {
  it('has procedures to check', () => {
    expect(staffProcedurePaths.length).toBeGreaterThanOrEqual(6);
    expect(portalProcedurePaths.length).toBeGreaterThanOrEqual(1);
  });

  it('refuses every staff procedure to a customer, with no data', async () => {
    const { contact } = await makeCustomerWithContact(handle.db);
    const caller = createCaller(contextFor(handle.db, contact));
    for (const path of staffProcedurePaths) expect([path, await errorCode(callPath(caller, path))]).toEqual([path, 'FORBIDDEN']);
  });

  it('refuses every procedure to an anonymous caller', async () => {
    const caller = createCaller(contextFor(handle.db, null));
    for (const path of [...staffProcedurePaths, ...portalProcedurePaths]) {
      expect([path, await errorCode(callPath(caller, path))]).toEqual([path, 'UNAUTHORIZED']);
    }
  });

  it('refuses portal procedures to staff: they have no account to be scoped to', async () => {
    const admin = await makeStaff(handle.db, 'admin');
    const caller = createCaller(contextFor(handle.db, admin));
    for (const path of portalProcedurePaths) expect(await errorCode(callPath(caller, path))).toBe('FORBIDDEN');
  });

  it('scopes the portal to the caller’s own account', async () => {
    const a = await makeCustomerWithContact(handle.db, 'Alpha SARL');
    const b = await makeCustomerWithContact(handle.db, 'Beta GmbH');
    const account = await createCaller(contextFor(handle.db, a.contact)).portal.account();
    expect(account.customer.id).toBe(a.customer.id);
    expect(JSON.stringify(account)).not.toContain(b.customer.id);
    expect(JSON.stringify(account)).not.toContain('Beta GmbH');
  });

  it('lets only admins read the mailbox', async () => {
    await sendEmail(handle.db, { smtp: null, from: 'x@example.com' }, { kind: 'test', to: 'a@example.com', subject: 'S', html: 'h', text: 't' }, new Date());
    for (const role of ['support', 'finance'] as const) {
      const caller = createCaller(contextFor(handle.db, await makeStaff(handle.db, role)));
      expect(await errorCode(caller.staff.mailbox.list({}))).toBe('FORBIDDEN');
    }
    const admin = createCaller(contextFor(handle.db, await makeStaff(handle.db, 'admin')));
    expect((await admin.staff.mailbox.list({})).length).toBe(1);
  });

  it('lets every staff role search customers', async () => {
    for (const role of ['support', 'finance', 'admin'] as const) {
      const caller = createCaller(contextFor(handle.db, await makeStaff(handle.db, role)));
      expect((await caller.staff.customers.search({ query: 'Alpha' })).rows.map((r) => r.name)).toEqual(['Alpha SARL']);
    }
  });

  it('maps a domain refusal to its status, not a 500', async () => {
    const caller = createCaller(contextFor(handle.db, await makeStaff(handle.db, 'support')));
    expect(await errorCode(caller.staff.customers.get({ id: 'cus_missing' }))).toBe('NOT_FOUND');
  });
});
