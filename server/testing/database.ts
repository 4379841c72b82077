// A fresh, migrated database for one test file, on whichever engine this run uses.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { adminUrl } from './postgres-admin';

export async function createTestDatabase(): Promise<DatabaseHandle> {
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
