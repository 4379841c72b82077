// `settle invariants` run as an operator would: a real process on its own embedded database.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { customers } from '@/db/schema';
import { createCustomer } from '../customers';
import { invariantChecks } from '.';

const dataDir = mkdtempSync(join(tmpdir(), 'settle-invariants-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const settle = (args: string[]) =>
  spawnSync(process.execPath, ['bin/settle.mjs', ...args], { env: { ...process.env, DATABASE_URL: '', SETTLE_DATA_DIR: dataDir }, encoding: 'utf8' });

describe('settle invariants', () => {
  it('says every invariant holds on an empty database, and exits 0', () => {
    const result = settle(['invariants']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`All ${invariantChecks.length} invariants hold.\n`);
    expect(result.status).toBe(0);
  });

  it('prints each violation on its own line and exits 1', async () => {
    // The command above migrated the data folder; the process has exited, so its lock is free.
    const handle = await openDatabase({ kind: 'pglite', dataDir, command: 'invariants test' });
    let customerId: string;
    try {
      const customer = await createCustomer(handle.db, { name: 'Unexplained credit', email: 'credit@example.com', currency: 'EUR', address: { country: 'FR' } });
      await handle.db.update(customers).set({ creditBalanceMinor: 500n }).where(eq(customers.id, customer.id));
      customerId = customer.id;
    } finally {
      await handle.close();
    }
    const result = settle(['invariants']);
    expect(result.stdout).toBe(`customer.credit_balance: customer ${customerId}: credit balance is 500, the transactions add up to 0\n`);
    expect(result.stderr).toBe('settle: 1 invariant violation.\n');
    expect(result.status).toBe(1);
  });
});
