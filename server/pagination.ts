// Cursor pagination shared by every list: newest first, ordered by (created_at, id), with an
// opaque cursor naming the last row seen, so pages stay stable while rows are added.
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { SettleError } from './errors';

export interface Page<T> {
  data: T[];
  hasMore: boolean;
  nextCursor: string | null;
}

export const pageLimit = (limit: number | undefined): number => {
  const value = limit ?? 20;
  if (!Number.isInteger(value) || value < 1 || value > 100) throw new SettleError('VALIDATION_FAILED', 'limit must be a whole number from 1 to 100.', 'limit');
  return value;
};

export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

/** The condition "after this cursor" for a (created_at desc, id desc) ordering. */
export function afterCursor(cursor: string | undefined, columns: { createdAt: PgColumn; id: PgColumn }): SQL | undefined {
  if (!cursor) return undefined;
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  if (!id || Number.isNaN(at.getTime())) throw new SettleError('VALIDATION_FAILED', 'The cursor is not one this API returned.', 'cursor');
  return or(lt(columns.createdAt, at), and(eq(columns.createdAt, at), lt(columns.id, id)));
}

export const newestFirst = (columns: { createdAt: PgColumn; id: PgColumn }) => [desc(columns.createdAt), desc(columns.id)];

/** Turns limit + 1 fetched rows into a page. */
export function toPage<Row extends { createdAt: Date; id: string }, T>(rows: Row[], limit: number, shape: (row: Row) => T): Page<T> {
  const hasMore = rows.length > limit;
  const visible = hasMore ? rows.slice(0, limit) : rows;
  const last = visible.at(-1);
  return { data: visible.map(shape), hasMore, nextCursor: hasMore && last ? encodeCursor(last.createdAt, last.id) : null };
}
