// The report filter as it appears in the URL, read the same way by the pages and the CSV export.
import { TRPCError } from '@trpc/server';
import { isSettleError } from '@/server/errors';

export type ReportSearch = { from?: string; to?: string; currency?: string; table?: string };

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function readSearch(params: Record<string, string | string[] | undefined> | URLSearchParams): ReportSearch {
  const get = (key: string) => (params instanceof URLSearchParams ? (params.get(key) ?? undefined) : one(params[key]));
  return { from: get('from') || undefined, to: get('to') || undefined, currency: get('currency')?.toUpperCase() || undefined };
}

export function searchString(search: ReportSearch): string {
  const query = new URLSearchParams(Object.entries(search).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** A refused filter, tied to its field, or null for any other error (which is rethrown). */
export function filterError(error: unknown): { field: 'from' | 'to' | 'currency'; message: string } | null {
  const cause = error instanceof TRPCError ? error.cause : error;
  if (isSettleError(cause) && cause.code === 'VALIDATION_FAILED' && (cause.param === 'from' || cause.param === 'to' || cause.param === 'currency')) return { field: cause.param, message: cause.message };
  return null;
}
