// The most support may refund at a time, per currency, set by admins. Finance and admins refund
// any amount (up to what was paid). Without a limit for a currency, support cannot refund in it.
import { asc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { supportRefundLimits } from '@/db/schema';
import { recordAudit } from '../audit';
import { SettleError } from '../errors';
import { isCurrency } from '../money';

export async function listRefundLimits(db: Database) {
  return db.select().from(supportRefundLimits).orderBy(asc(supportRefundLimits.currency));
}

export async function refundLimitFor(db: Database, currency: string): Promise<bigint | null> {
  const [row] = await db.select({ limitMinor: supportRefundLimits.limitMinor }).from(supportRefundLimits).where(eq(supportRefundLimits.currency, currency));
  return row?.limitMinor ?? null;
}

/** Sets (or, with null, removes) the limit for a currency, audited with the limit before and after. */
export async function setRefundLimit(db: Database, input: { currency: string; limitMinor: bigint | null; reason: string; staffId: string }, now: Date) {
  const currency = input.currency.trim().toUpperCase();
  if (!isCurrency(currency)) throw new SettleError('VALIDATION_FAILED', `${input.currency} is not an ISO 4217 currency code.`, 'currency');
  if (input.limitMinor !== null && input.limitMinor < 0n) throw new SettleError('VALIDATION_FAILED', 'A refund limit is zero or more.', 'limitMinor');
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(supportRefundLimits).where(eq(supportRefundLimits.currency, currency)).for('update');
    if (input.limitMinor === null) await tx.delete(supportRefundLimits).where(eq(supportRefundLimits.currency, currency));
    else {
      const values = { currency, limitMinor: input.limitMinor, updatedBy: input.staffId, updatedAt: now };
      await tx.insert(supportRefundLimits).values(values).onConflictDoUpdate({ target: supportRefundLimits.currency, set: values });
    }
    await recordAudit(tx, {
      actor: { type: 'staff', id: input.staffId },
      action: 'settings.refund_limit',
      subjectType: 'setting',
      subjectId: `support_refund_limit:${currency}`,
      reason: input.reason,
      before: { limitMinor: before?.limitMinor.toString() ?? null },
      after: { limitMinor: input.limitMinor?.toString() ?? null },
      at: now,
    });
    return { currency, limitMinor: input.limitMinor };
  });
}
