// Reading the audit trail: filtered, newest first, a page at a time, and as CSV. Every filter has
// an index ending in (created_at, id) (db/schema/audit.ts), so a page stays an index range scan
// however long the log grows.
import { and, eq, gte, like, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { quoteCsvField } from '../csv';
import { SettleError } from '../errors';
import { afterCursor, newestFirst, toPage, type Page } from '../pagination';
import { diffAudit, type AuditChange } from './audit-diff';

export interface AuditFilter {
  /** A user id, or an e-mail address of a member of staff. */
  actor?: string;
  /** An exact action ("staff_user.role_changed") or a prefix ending in "*" ("staff_user.*"). */
  action?: string;
  subjectType?: string;
  subjectId?: string;
  /** Calendar days (YYYY-MM-DD, UTC), both included. */
  from?: string;
  to?: string;
}

export interface AuditEntry {
  id: string;
  createdAt: Date;
  actorType: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  reason: string | null;
  before: unknown;
  after: unknown;
  changes: AuditChange[];
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(value: string, param: string): Date {
  const at = new Date(`${value}T00:00:00Z`);
  if (!dayPattern.test(value) || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== value) {
    throw new SettleError('VALIDATION_FAILED', `"${value}" is not a date (YYYY-MM-DD).`, param);
  }
  return at;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (character) => `\\${character}`);

async function conditions(db: Database, filter: AuditFilter): Promise<SQL[]> {
  const where: SQL[] = [];
  const actor = filter.actor?.trim();
  if (actor) {
    if (actor.includes('@')) {
      const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, actor.toLowerCase()));
      // An unknown address matches nothing rather than everything.
      where.push(user ? eq(auditLog.actorId, user.id) : sql`false`);
    } else {
      where.push(eq(auditLog.actorId, actor));
    }
  }
  const action = filter.action?.trim();
  if (action) where.push(action.endsWith('*') ? like(auditLog.action, `${escapeLike(action.slice(0, -1))}%`) : eq(auditLog.action, action));
  if (filter.subjectType?.trim()) where.push(eq(auditLog.subjectType, filter.subjectType.trim()));
  if (filter.subjectId?.trim()) where.push(eq(auditLog.subjectId, filter.subjectId.trim()));
  const from = filter.from ? parseDay(filter.from, 'from') : undefined;
  const to = filter.to ? parseDay(filter.to, 'to') : undefined;
  if (from && to && to < from) throw new SettleError('VALIDATION_FAILED', 'The end date is before the start date.', 'to');
  if (from) where.push(gte(auditLog.createdAt, from));
  if (to) where.push(lt(auditLog.createdAt, new Date(to.getTime() + 86_400_000)));
  return where;
}

async function fetchRows(db: Database, where: SQL[], limit: number) {
  return db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      actorType: auditLog.actorType,
      actorId: auditLog.actorId,
      actorEmail: users.email,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      reason: auditLog.reason,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...where))
    .orderBy(...newestFirst(auditLog))
    .limit(limit + 1);
}

type Row = Awaited<ReturnType<typeof fetchRows>>[number];
const toEntry = (row: Row): AuditEntry => ({ ...row, changes: diffAudit(row.before, row.after) });

export async function listAuditEntries(db: Database, input: AuditFilter & { cursor?: string; limit?: number }): Promise<Page<AuditEntry>> {
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new SettleError('VALIDATION_FAILED', 'limit must be a whole number from 1 to 200.', 'limit');
  const where = await conditions(db, input);
  const cursor = afterCursor(input.cursor, auditLog);
  const rows = await fetchRows(db, cursor ? [...where, cursor] : where, limit);
  return toPage(rows, limit, toEntry);
}

const csvHeader = ['created_at', 'actor_type', 'actor_id', 'actor_email', 'action', 'subject_type', 'subject_id', 'reason', 'before', 'after'];

/** One CSV field: quoted when needed, and a leading =, +, - or @ defused so a spreadsheet never runs it. */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return quoteCsvField(text);
}

/**
 * The filtered log as CSV lines, header first, read a thousand rows at a time so an export of a
 * long log never holds it all in memory.
 */
export async function* auditCsv(db: Database, filter: AuditFilter): AsyncGenerator<string> {
  yield `${csvHeader.join(',')}\r\n`;
  const where = await conditions(db, filter);
  let cursor: string | undefined;
  do {
    const condition = afterCursor(cursor, auditLog);
    const rows = await fetchRows(db, condition ? [...where, condition] : where, 1000);
    const page = toPage(rows, 1000, (row) => row);
    yield page.data
      .map((row) => [row.createdAt, row.actorType, row.actorId, row.actorEmail, row.action, row.subjectType, row.subjectId, row.reason, row.before, row.after].map(csvField).join(',') + '\r\n')
      .join('');
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
