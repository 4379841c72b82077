// `npm run bench -- <scenario>`: runs one benchmark on a fresh database — a new PostgreSQL
// database on the server in DATABASE_URL, or an in-memory PGlite.
import { randomBytes } from 'node:crypto';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '@/db/client';
import { billingRunBench } from './billing-run';
import { sessionsBench } from './sessions';

const scenarios: Record<string, (handle: DatabaseHandle) => Promise<void>> = { 'billing-run': billingRunBench, sessions: sessionsBench };

const name = process.argv[2];
const scenario = name ? scenarios[name] : undefined;
if (!scenario) {
  console.error(`Usage: npm run bench -- <scenario>\nScenarios: ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}

const serverUrl = process.env.DATABASE_URL;
let drop: (() => Promise<void>) | undefined;
let handle: DatabaseHandle;
if (serverUrl) {
  const { default: postgres } = await import('postgres');
  const adminUrl = new URL(serverUrl);
  adminUrl.pathname = '/postgres';
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  const database = `settle_bench_${randomBytes(4).toString('hex')}`;
  await admin.unsafe(`create database "${database}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  handle = await openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: 10 });
  drop = async () => {
    await admin.unsafe(`drop database if exists "${database}" with (force)`);
    await admin.end();
  };
} else {
  handle = await openDatabase({ kind: 'pglite-memory' });
}
try {
  await migrateDatabase(handle);
  await scenario(handle);
} finally {
  await handle.close();
  await drop?.();
}
