// Invariants of the stored books: rules every committed state must satisfy, checked in SQL over
// the whole database. A violation means a bug or a hand edit; `settle invariants` runs them.
import type { Database } from '@/db/client';
import { invariantChecks } from './checks';

export { invariantChecks, type InvariantCheck } from './checks';
export { findCardNumbers, type CardNumberFinding } from './card-numbers';

export interface InvariantViolation {
  /** The check's name, e.g. "invoice.amount_due". */
  invariant: string;
  /** What breaks it, e.g. "invoice in_… (INV-2026-000042)". */
  subject: string;
  detail: string;
}

/**
 * Every violation of every invariant, in the order of `invariantChecks`, then by subject; empty
 * when the books are consistent. Each query check is one statement, so it reads one consistent
 * snapshot and can run while the application is writing without reporting half-made changes
 * (the card-number scan reads table by table: a row it reports was stored, whatever happened since).
 */
export async function checkInvariants(db: Database): Promise<InvariantViolation[]> {
  const violations: InvariantViolation[] = [];
  for (const check of invariantChecks) {
    const rows = 'query' in check ? rowsOf<{ subject: string; detail: string }>(await db.execute(check.query)) : await check.find(db);
    rows.sort((left, right) => (left.subject < right.subject ? -1 : left.subject > right.subject ? 1 : 0));
    for (const row of rows) violations.push({ invariant: check.name, subject: row.subject, detail: row.detail });
  }
  return violations;
}

// postgres.js returns an array of rows; PGlite returns { rows }.
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}
