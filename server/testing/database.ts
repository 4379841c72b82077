// A fresh, migrated database for one test file, on whichever engine this run uses.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { findCardNumbers } from '../invariants/card-numbers';
import { adminUrl } from './postgres-admin';

/**
 * Every test database is scanned for card numbers when its file closes it: whatever the tests did,
 * no card number may have reached a table. A test that plants one on purpose says so.
 */
export async function createTestDatabase(options: { plantsCardNumbers?: boolean } = {}): Promise<DatabaseHandle> {
  const handle = await openTestDatabase();
  if (options.plantsCardNumbers) return handle;
  return {
    ...handle,
    close: async () => {
      const found = await findCardNumbers(handle.db);
      await handle.close();
      if (found.length) throw new Error(`Card numbers were stored: ${found.map((f) => `${f.table}.${f.column} (row ${f.row}: ${f.masked})`).join(', ')}`);
    },
  };
}

async function openTestDatabase(): Promise<DatabaseHandle> {
  const target = inject('testDatabase');
  if (target.kind === 'pglite') {
    const dump = new Blob([readFileSync(target.dumpPath)]);
    return openDatabase({ kind: 'pglite-memory', loadDataDir: dump });
  }
  const { default: postgres } = await import('postgres');
  const name = `${target.template.replace(/_template$/, '')}_${randomBytes(5).toString('hex')}`;
  const admin = postgres(adminUrl(target.serverUrl), { max: 1, onnotice: () => {} });
  // CREATE DATABASE … TEMPLATE needs the template to have no other sessions; retry briefly if one lingers.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database "${name}" template "${target.template}"`);
      break;
    } catch (error) {
      if (attempt > 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + attempt * 50));
    }
  }
  await admin.end();
  const url = new URL(target.serverUrl);
  url.pathname = `/${name}`;
  return openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: 10 });
}
