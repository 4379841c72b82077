// Coupons: created once from validated terms, found by a case-insensitive code, archived rather
// than deleted (invoices and redemptions keep pointing at them). Reads are in queries.ts,
// redemption in redeem.ts.
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { coupons } from '@/db/schema';
import { getProduct } from '../catalog';
import { isSettleError, SettleError } from '../errors';
import { newId } from '../ids';
import { validateCoupon, type Coupon, type CouponDuration } from '../pricing/discounts';
import type { CouponRow } from './queries';

export { getCoupon, getCouponByCode, listCoupons, type CouponRow } from './queries';
export { redeemCoupon, type CouponRedemptionRow, type RedeemCouponInput } from './redeem';

export interface CouponCreateInput {
  /** 3–40 characters from A–Z, 0–9, "_" and "-"; unique whatever its case. */
  code: string;
  name?: string | null;
  /** 0 < percentOff ≤ 100; a number is accepted for convenience and stored as a decimal string. */
  percentOff?: string | number | null;
  /** Minor units of `currency`. */
  amountOff?: number | string | bigint | null;
  currency?: string | null;
  duration: CouponDuration;
  durationInMonths?: number | null;
  maxRedemptions?: number | null;
  expiresAt?: Date | string | null;
  /** Empty or absent: every product. */
  appliesToProductIds?: string[] | null;
}

const codePattern = /^[A-Za-z0-9_-]{3,40}$/;
// The column is a Postgres integer; beyond that a limit means "unlimited" anyway.
const maximumRedemptions = 2 ** 31 - 1;
const maximumProducts = 100;

const refuse = (message: string, param: string): never => {
  throw new SettleError('VALIDATION_FAILED', message, param);
};

export function parseCouponCode(value: unknown, param = 'code'): string {
  const code = typeof value === 'string' ? value.trim() : '';
  if (!codePattern.test(code)) refuse('A coupon code is 3 to 40 characters: letters, digits, "_" or "-".', param);
  return code;
}

// A JSON number such as 12.5 prints as "12.5"; one that prints in exponent form or with more
// than 12 decimals is refused by parseDecimal with the field named, so no float slips through.
function percentOffText(value: CouponCreateInput['percentOff']): string | null | undefined {
  if (typeof value !== 'number') return value;
  if (!Number.isFinite(value)) refuse('percentOff must be a number between 0 and 100.', 'percentOff');
  return String(value);
}

function parseName(value: string | null | undefined): string | null {
  const name = value?.trim();
  if (!name) return null;
  if (name.length > 200) refuse('name must be at most 200 characters.', 'name');
  return name;
}

function parseMaxRedemptions(value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1 || value > maximumRedemptions) refuse(`maxRedemptions must be a whole number from 1 to ${maximumRedemptions}.`, 'maxRedemptions');
  return value;
}

function parseExpiresAt(value: Date | string | null | undefined, now: Date): Date | null {
  if (value === null || value === undefined) return null;
  const expiresAt = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(expiresAt.getTime())) refuse('expiresAt must be a valid date.', 'expiresAt');
  // A coupon born expired can never be redeemed; that is a mistake, not a choice.
  if (expiresAt.getTime() <= now.getTime()) refuse('expiresAt must be in the future.', 'expiresAt');
  return expiresAt;
}

async function parseProductIds(db: Database, value: string[] | null | undefined): Promise<string[]> {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) return refuse('appliesToProductIds must be a list of product ids.', 'appliesToProductIds');
  if (value.length > maximumProducts) refuse(`A coupon applies to at most ${maximumProducts} products.`, 'appliesToProductIds');
  const ids: string[] = [];
  for (const [index, id] of value.entries()) {
    const param = `appliesToProductIds[${index}]`;
    if (typeof id !== 'string' || id === '') refuse('Each product id must be a non-empty string.', param);
    if (ids.includes(id)) continue;
    await getProduct(db, id).catch((error: unknown) => {
      throw isSettleError(error) && error.code === 'NOT_FOUND' ? new SettleError('NOT_FOUND', `No product ${id}.`, param) : error;
    });
    ids.push(id);
  }
  return ids;
}

/**
 * Validates the terms with the pricing rules and stores the coupon. A code already taken, in any
 * case, is a CONFLICT on `code`; the unique index on upper(code) decides, so two concurrent
 * creations cannot both win.
 */
export async function createCoupon(db: Database, input: CouponCreateInput, now: Date): Promise<CouponRow> {
  const code = parseCouponCode(input.code);
  const name = parseName(input.name);
  const terms = validateCoupon({
    percentOff: percentOffText(input.percentOff),
    amountOff: input.amountOff,
    currency: input.currency,
    duration: input.duration,
    durationInMonths: input.durationInMonths,
  });
  const maxRedemptions = parseMaxRedemptions(input.maxRedemptions);
  const expiresAt = parseExpiresAt(input.expiresAt, now);
  const appliesToProductIds = await parseProductIds(db, input.appliesToProductIds);

  // "do nothing" rather than catching the unique violation: inside a caller's transaction a
  // violation would abort the whole transaction, not just this insert.
  const [row] = await db
    .insert(coupons)
    .values({
      id: newId('coupon'),
      code,
      name,
      percentOff: terms.percentOff,
      amountOffMinor: terms.amountOff,
      currency: terms.currency,
      duration: terms.duration,
      durationInMonths: terms.durationInMonths,
      maxRedemptions,
      expiresAt,
      appliesToProductIds,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new SettleError('CONFLICT', `The coupon code ${code} is already taken.`, 'code');
  return row;
}

/** An archived coupon can no longer be redeemed; its past redemptions are untouched. */
export async function archiveCoupon(db: Database, id: string): Promise<CouponRow> {
  const [row] = await db.update(coupons).set({ active: false }).where(eq(coupons.id, id)).returning();
  if (!row) throw new SettleError('NOT_FOUND', `No coupon ${id}.`, 'id');
  return row;
}

/** The pricing rules' view of a stored coupon (stored coupons were validated on the way in). */
export function couponDefinition(row: CouponRow): Coupon {
  return validateCoupon({
    percentOff: row.percentOff,
    amountOff: row.amountOffMinor,
    currency: row.currency,
    duration: row.duration,
    durationInMonths: row.durationInMonths,
  });
}
