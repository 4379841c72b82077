// The latest payment attempt of each of a few invoices: whether the last try failed, is still
// processing or waits for the customer (3-D Secure).
import { desc, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { payments } from '@/db/schema';

export async function latestAttempts(db: Database, invoiceIds: string[]) {
  if (invoiceIds.length === 0) return new Map<string, LatestAttempt>();
  const rows = await db
    .selectDistinctOn([payments.invoiceId], {
      id: payments.id,
      invoiceId: payments.invoiceId,
      attempt: payments.attempt,
      status: payments.status,
      declineCode: payments.declineCode,
      failureCode: payments.failureCode,
      amountMinor: payments.amountMinor,
      createdAt: payments.createdAt,
    })
    .from(payments)
    .where(inArray(payments.invoiceId, invoiceIds))
    .orderBy(payments.invoiceId, desc(payments.attempt));
  return new Map(rows.map((row) => [row.invoiceId, row]));
}

export type LatestAttempt = {
  id: string;
  invoiceId: string;
  attempt: number;
  status: (typeof payments.$inferSelect)['status'];
  declineCode: string | null;
  failureCode: string | null;
  amountMinor: bigint;
  createdAt: Date;
};
