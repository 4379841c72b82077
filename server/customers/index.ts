// Customer accounts: reading and creating them. The billing issue adds terms, tax ids and credit.
import { asc, count, desc, eq, ilike, or } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { customers, users } from '@/db/schema';
import { SettleError } from '../errors';
import { newId } from '../ids';

export type Customer = typeof customers.$inferSelect;

export async function getCustomer(db: Database, id: string): Promise<Customer> {
  const [row] = await db.select().from(customers).where(eq(customers.id, id));
  if (!row) throw new SettleError('NOT_FOUND', `No customer ${id}.`, 'id');
  return row;
}

export async function createCustomer(
  db: Database,
  input: { name: string; email: string; currency: string; country: string; locale?: string; createdAt?: Date },
): Promise<Customer> {
  const [row] = await db
    .insert(customers)
    .values({
      id: newId('cus'),
      name: input.name,
      email: input.email.trim().toLowerCase(),
      currency: input.currency.toUpperCase(),
      country: input.country.toUpperCase(),
      locale: input.locale ?? 'en',
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    })
    .returning();
  return row!;
}

export async function listContacts(db: Database, customerId: string) {
  return db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.customerId, customerId))
    .orderBy(asc(users.email));
}

export async function searchCustomers(db: Database, input: { query?: string; limit: number }) {
  const q = input.query?.trim();
  const where = q ? or(ilike(customers.name, `%${q}%`), ilike(customers.email, `%${q}%`), eq(customers.id, q)) : undefined;
  const [rows, [total]] = await Promise.all([
    db.select().from(customers).where(where).orderBy(asc(customers.name)).limit(input.limit),
    db.select({ value: count() }).from(customers).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

export async function countCustomers(db: Database): Promise<number> {
  const [row] = await db.select({ value: count() }).from(customers);
  return row?.value ?? 0;
}

export async function listNewestCustomers(db: Database, limit: number): Promise<Customer[]> {
  return db.select().from(customers).orderBy(desc(customers.createdAt), desc(customers.id)).limit(limit);
}
