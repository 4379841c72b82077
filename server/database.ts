// The application's database: opened lazily on first use (never at import time, so `next build`
// never touches it), migrated once, and shared by every request of this process.
import { migrateDatabase, openDatabase, type DatabaseHandle } from '@/db/client';
import { getConfig } from './config';

const holder = globalThis as unknown as { settleDatabase?: Promise<DatabaseHandle> };

export function getDatabaseHandle(): Promise<DatabaseHandle> {
  holder.settleDatabase ??= (async () => {
    const { database } = getConfig();
    const handle = await openDatabase(
      database.kind === 'postgres' ? database : { kind: 'pglite', dataDir: database.dataDir, command: 'settle web server' },
    );
    await migrateDatabase(handle);
    return handle;
  })().catch((error: unknown) => {
    holder.settleDatabase = undefined;
    throw error;
  });
  return holder.settleDatabase;
}

export async function getDb() {
  return (await getDatabaseHandle()).db;
}
