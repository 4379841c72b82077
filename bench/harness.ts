// Shared by every benchmark: time a workload and its same-run baseline, and print the result as
// the last line of JSON, so the ratio means something on a noisy machine.
import { randomBytes } from 'node:crypto';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '@/db/client';

export interface FreshDatabase {
  handle: DatabaseHandle;
  /** The new database's URL (PostgreSQL), for a server process to use; null for in-memory PGlite. */
  url: string | null;
  /** Closes the handle and drops the database. */
  close(): Promise<void>;
}

/**
 * A new, migrated database: on the PostgreSQL server of DATABASE_URL when set (dropped again by
 * close), otherwise an in-memory PGlite.
 */
export async function freshDatabase(options: { maxConnections?: number } = {}): Promise<FreshDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ kind: 'pglite-memory' });
    await migrateDatabase(handle);
    return { handle, url: null, close: () => handle.close() };
  }
  const { default: postgres } = await import('postgres');
  const adminUrl = new URL(serverUrl);
  adminUrl.pathname = '/postgres';
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  const database = `settle_bench_${randomBytes(4).toString('hex')}`;
  await admin.unsafe(`create database "${database}"`);
  const drop = async () => {
    await admin.unsafe(`drop database if exists "${database}" with (force)`);
    await admin.end();
  };
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  try {
    const handle = await openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: options.maxConnections ?? 10 });
    await migrateDatabase(handle);
    return {
      handle,
      url: url.toString(),
      close: async () => {
        try {
          await handle.close();
        } finally {
          await drop();
        }
      },
    };
  } catch (error) {
    await drop();
    throw error;
  }
}
export interface BenchResult {
  scenario: string;
  unit: string;
  system: number;
  baseline: number;
  ratio: number;
  [extra: string]: unknown;
}

/** Runs `operation` `count` times with `concurrency` in flight; returns operations per second. */
export async function throughput(count: number, concurrency: number, operation: (index: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await operation(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return count / seconds;
}

export function report(result: BenchResult): void {
  const round = (n: number) => Math.round(n * 100) / 100;
  console.log(JSON.stringify({ ...result, system: round(result.system), baseline: round(result.baseline), ratio: round(result.ratio) }));
}
