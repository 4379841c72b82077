// What a customer still owes: the sum of their open invoices' remaining amounts, and the open
// invoices that need attention first (the earliest due), for the portal's overview.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { invoices } from '@/db/schema';

export async function openBalance(db: Database, customerId: string, input: { limit?: number } = {}) {
  const open = and(eq(invoices.customerId, customerId), eq(invoices.status, 'open'));
  const [summary] = await db
    .select({ count: sql<number>`count(*)::int`, remaining: sql<string>`coalesce(sum(${invoices.amountRemainingMinor}), 0)::text` })
    .from(invoices)
    .where(open);
  const earliest = await db
    .select({ id: invoices.id, number: invoices.number, currency: invoices.currency, amountRemainingMinor: invoices.amountRemainingMinor, dueAt: invoices.dueAt, finalizedAt: invoices.finalizedAt })
    .from(invoices)
    .where(open)
    .orderBy(asc(invoices.dueAt), asc(invoices.id))
    .limit(input.limit ?? 20);
  return { count: summary?.count ?? 0, remainingMinor: BigInt(summary?.remaining ?? '0'), invoices: earliest };
}
