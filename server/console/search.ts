// Staff search: one query finds customers by name, e-mail (account or contact), invoice number,
// payment id or card last 4, and says which of those matched. Exact keys (invoice number, payment
// id, last 4) go through their unique or plain indexes; names and e-mails are matched by substring.
import { and, asc, eq, ilike, isNotNull, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import { customers, invoices, paymentMethods, payments, users } from '@/db/schema';

export const searchMatchKinds = ['name', 'email', 'contact', 'invoice', 'payment', 'card', 'id'] as const;
export type SearchMatchKind = (typeof searchMatchKinds)[number];

export interface SearchMatch {
  kind: SearchMatchKind;
  value: string;
}

export interface SearchResult {
  id: string;
  name: string;
  email: string;
  country: string;
  currency: string;
  matches: SearchMatch[];
}

/** `%`, `_` and `\` typed by staff are searched for literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function searchConsole(db: Database, input: { query?: string; limit: number }): Promise<SearchResult[]> {
  const q = input.query?.trim() ?? '';
  if (!q) {
    const rows = await db
      .select({ id: customers.id, name: customers.name, email: customers.email, country: customers.country, currency: customers.currency })
      .from(customers)
      .orderBy(asc(customers.name), asc(customers.id))
      .limit(input.limit);
    return rows.map((row) => ({ ...row, matches: [] }));
  }
  const pattern = containing(q);
  const match = (kind: SearchMatchKind) => sql<SearchMatchKind>`${kind}::text`.as('kind');
  const branches = [
    db.select({ customerId: customers.id, kind: match('name'), value: sql<string>`${customers.name}`.as('value') }).from(customers).where(ilike(customers.name, pattern)),
    db.select({ customerId: customers.id, kind: match('email'), value: sql<string>`${customers.email}`.as('value') }).from(customers).where(ilike(customers.email, pattern)),
    db
      .select({ customerId: sql<string>`${users.customerId}`.as('customer_id'), kind: match('contact'), value: sql<string>`${users.email}`.as('value') })
      .from(users)
      .where(and(isNotNull(users.customerId), ilike(users.email, pattern))),
    db.select({ customerId: customers.id, kind: match('id'), value: sql<string>`${customers.id}`.as('value') }).from(customers).where(eq(customers.id, q)),
    db
      .select({ customerId: invoices.customerId, kind: match('invoice'), value: sql<string>`${invoices.number}`.as('value') })
      .from(invoices)
      .where(eq(invoices.number, q.toUpperCase())),
    db.select({ customerId: payments.customerId, kind: match('payment'), value: sql<string>`${payments.id}`.as('value') }).from(payments).where(eq(payments.id, q)),
  ] as const;
  const cards = /^\d{4}$/.test(q)
    ? [
        db
          .select({ customerId: paymentMethods.customerId, kind: match('card'), value: sql<string>`coalesce(${paymentMethods.brand}, ${paymentMethods.type}) || ' ' || ${paymentMethods.last4}`.as('value') })
          .from(paymentMethods)
          .where(eq(paymentMethods.last4, q)),
      ]
    : [];
  const [first, ...rest] = [...branches, ...cards];
  const found = unionAll(first, ...rest).as('found');
  const rows = await db
    .select({
      id: customers.id,
      name: customers.name,
      email: customers.email,
      country: customers.country,
      currency: customers.currency,
      matches: sql<SearchMatch[]>`json_agg(distinct jsonb_build_object('kind', ${found.kind}, 'value', ${found.value}))`,
    })
    .from(found)
    .innerJoin(customers, eq(customers.id, found.customerId))
    .groupBy(customers.id)
    .orderBy(asc(customers.name), asc(customers.id))
    .limit(input.limit);
  return rows.map((row) => ({ ...row, matches: orderMatches(row.matches) }));
}

/** Strongest evidence first: an exact key says more than a name that contains the words typed. */
function orderMatches(matches: SearchMatch[]): SearchMatch[] {
  const rank = (kind: SearchMatchKind) => ['payment', 'invoice', 'card', 'id', 'email', 'contact', 'name'].indexOf(kind);
  return [...matches].sort((a, b) => rank(a.kind) - rank(b.kind) || a.value.localeCompare(b.value));
}
