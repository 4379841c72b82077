// Test helper process: opens the embedded database in the folder given as argument, writes a
// row, says "ready", and holds the database until its standard input closes.
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase } from '@/db/client';

const handle = await openDatabase({ kind: 'pglite', dataDir: process.argv[2]!, command: 'hold-database test helper' });
await migrateDatabase(handle);
await handle.db.execute(sql`insert into merchant (id, name, legal_name, address_line1, city, postal_code, country, support_email) values (1, 'Held', 'Held SAS', '1 rue', 'Paris', '75001', 'FR', 'a@b.example') on conflict do nothing`);
process.stdout.write('ready\n');
process.stdin.resume();
process.stdin.on('end', async () => {
  await handle.close();
  process.exit(0);
});
