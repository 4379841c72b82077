// Once per test run: migrate a template database. Each test file then gets its own copy —
// a PostgreSQL database created from the template, or a PGlite loaded from a dump of it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateDatabase, openDatabase } from '@/db/client';
import { adminUrl, runPrefix } from './postgres-admin';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { kind: 'postgres'; serverUrl: string; template: string } | { kind: 'pglite'; dumpPath: string };
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const { default: postgres } = await import('postgres');
    const admin = postgres(adminUrl(serverUrl), { max: 1, onnotice: () => {} });
    const template = `${runPrefix()}_template`;
    await admin.unsafe(`create database "${template}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${template}`;
    const handle = await openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: 1 });
    await migrateDatabase(handle);
    await handle.close();
    project.provide('testDatabase', { kind: 'postgres', serverUrl, template });
    return async () => {
      const databases = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`${runPrefix()}%`}`;
      for (const { datname } of databases) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
      await admin.end();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'settle-test-'));
  const handle = await openDatabase({ kind: 'pglite-memory' });
  await migrateDatabase(handle);
  const client = (handle.db as unknown as { $client: import('@electric-sql/pglite').PGlite }).$client;
  const dump = await client.dumpDataDir('none');
  const dumpPath = join(dir, 'template.tar');
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide('testDatabase', { kind: 'pglite', dumpPath });
  return () => rmSync(dir, { recursive: true, force: true });
}
