// A fresh, migrated database for one test file, on whichever engine this run uses.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle, type DatabaseTarget } from '@/db/client';
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
  return openDatabase({ kind: 'postgres', url: await createPostgresCopy(target), maxConnections: 10 });
}

/** A new PostgreSQL database from the run's migrated template; returns its URL. */
async function createPostgresCopy(target: { serverUrl: string; template: string }): Promise<string> {
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
  return url.toString();
}

/**
 * A fresh, migrated database that another process can open too — for a worker run as a child
 * process and killed. On PostgreSQL a database of its own; on PGlite a data folder, which one
 * process opens at a time (its lock file says which). `remove` deletes a PGlite folder.
 */
export async function createSharedTestDatabase(): Promise<{ target: DatabaseTarget; remove(): void }> {
  const target = inject('testDatabase');
  if (target.kind === 'postgres') return { target: { kind: 'postgres', url: await createPostgresCopy(target), maxConnections: 5 }, remove: () => {} };
  const dataDir = mkdtempSync(join(tmpdir(), 'settle-shared-'));
  const { PGlite } = await import('@electric-sql/pglite');
  const client = new PGlite(join(dataDir, 'pgdata'), { loadDataDir: new Blob([readFileSync(target.dumpPath)]) });
  await client.waitReady;
  await client.close();
  return { target: { kind: 'pglite', dataDir }, remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}
