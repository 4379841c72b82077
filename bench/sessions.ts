// Every signed-in request resolves its session row. Measures that lookup through the domain
// function against a raw primary-key read of the same table, on the same database, same run.
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { createSession, resolveSession } from '@/server/auth/sessions';
import { addCustomerContact } from '@/server/auth/users';
import { createCustomer } from '@/server/customers';
import { report, throughput } from './harness';

export async function sessionsBench(handle: DatabaseHandle) {
  const now = new Date();
  const tokens: string[] = [];
  for (let i = 0; i < 200; i++) {
    const customer = await createCustomer(handle.db, { name: `Bench ${i}`, email: `bench${i}@example.com`, currency: 'EUR', address: { country: 'FR' } });
    const contact = await addCustomerContact(handle.db, { customerId: customer.id, email: `bench-contact${i}@example.com` });
    tokens.push(await createSession(handle.db, { userId: contact.userId, now }));
  }
  const count = 20_000;
  const concurrency = handle.kind === 'postgres' ? 8 : 1;
  const token = (i: number) => tokens[i % tokens.length]!;
  // Warm both paths before measuring.
  await throughput(1000, concurrency, (i) => resolveSession(handle.db, token(i), now));
  const baseline = await throughput(count, concurrency, (i) =>
    handle.db.execute(sql`select s.user_id, u.kind, u.customer_id from sessions s join users u on u.id = s.user_id where s.session_token = ${token(i)} and s.expires > ${now.toISOString()}`),
  );
  const system = await throughput(count, concurrency, (i) => resolveSession(handle.db, token(i), now));
  report({ scenario: 'sessions', unit: 'lookups/s', system, baseline, ratio: system / baseline, database: handle.kind });
}
