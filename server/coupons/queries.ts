// Reading coupons: by id, by code whatever its case, and page by page.
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { coupons } from '@/db/schema';
import { SettleError } from '../errors';
import { afterCursor, newestFirst, pageLimit, toPage } from '../pagination';

export type CouponRow = typeof coupons.$inferSelect;

export async function getCoupon(db: Database, id: string, param = 'id'): Promise<CouponRow> {
  const [row] = await db.select().from(coupons).where(eq(coupons.id, id));
  if (!row) throw new SettleError('NOT_FOUND', `No coupon ${id}.`, param);
  return row;
}

/**
 * Codes are matched whatever their case, through the same upper(code) the unique index holds; both
 * sides go through Postgres's upper(), since JavaScript's differs outside ASCII ("ß" → "SS").
 */
export async function getCouponByCode(db: Database, code: string, param = 'code'): Promise<CouponRow> {
  const [row] = await db
    .select()
    .from(coupons)
    .where(eq(sql`upper(${coupons.code})`, sql`upper(${code.trim()})`));
  if (!row) throw new SettleError('NOT_FOUND', `No coupon with the code ${code}.`, param);
  return row;
}

export async function listCoupons(db: Database, input: { limit?: number; cursor?: string; active?: boolean }) {
  const limit = pageLimit(input.limit);
  const rows = await db
    .select()
    .from(coupons)
    .where(and(afterCursor(input.cursor, coupons), input.active === undefined ? undefined : eq(coupons.active, input.active)))
    .orderBy(...newestFirst(coupons))
    .limit(limit + 1);
  return toPage(rows, limit, (row) => row);
}
