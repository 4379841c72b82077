import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { AuditEntries } from '@/components/staff/audit-entries';
import { PageHeader } from '@/components/staff/page-header';
import { buttonClass } from '@/components/ui/button';
import { Card, EmptyState } from '@/components/ui/card';
import { requireStaff } from '@/server/auth/guards';
import { isSettleError } from '@/server/errors';
import { serverApi } from '@/server/trpc/server-caller';

export const metadata: Metadata = { title: 'Audit log' };

const filterKeys = ['actor', 'action', 'subjectType', 'subjectId', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof filterKeys)[number], string>>;

/** The filters as a query string, so a page link and the CSV export keep them. */
const queryOf = (filters: Filters, extra: Record<string, string> = {}) => new URLSearchParams({ ...filters, ...extra } as Record<string, string>).toString();

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff('admin');
  const query = await searchParams;
  const filters: Filters = {};
  for (const key of filterKeys) {
    const value = query[key];
    if (typeof value === 'string' && value.trim()) filters[key] = value.trim().slice(0, 254);
  }
  const cursor = typeof query.cursor === 'string' ? query.cursor.slice(0, 200) : undefined;
  const [api, t, locale] = await Promise.all([serverApi(), getTranslations('staffAdmin.audit'), getLocale()]);
  let problem: string | null = null;
  const page = await api.staff.audit.list({ ...filters, cursor, limit: 50 }).catch((error: unknown) => {
    const cause = (error as { cause?: unknown }).cause;
    if (!isSettleError(cause)) throw error;
    problem = cause.message;
    return null;
  });

  const input = (key: (typeof filterKeys)[number], type = 'text', hint?: string) => (
    <label className="block space-y-1">
      <span className="block text-xs font-medium text-zinc-700">{t(key)}</span>
      <input
        name={key}
        type={type}
        defaultValue={filters[key] ?? ''}
        placeholder={hint}
        className="block min-h-9 w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm shadow-sm placeholder:text-zinc-400 focus:border-brand-500 focus:ring-2 focus:ring-brand-100 focus:outline-none"
      />
    </label>
  );

  return (
    <div className="space-y-5">
      <PageHeader
        title={t('title')}
        intro={t('intro')}
        action={
          <a href={`/staff/audit/export?${queryOf(filters)}`} className={buttonClass('secondary')} download>
            {t('export')}
          </a>
        }
      />
      <Card title={t('filters')}>
        <form method="get" className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
          {input('actor', 'text', t('actorHint'))}
          {input('action', 'text', t('actionHint'))}
          {input('subjectType', 'text', 'user, merchant…')}
          {input('subjectId')}
          {input('from', 'date')}
          {input('to', 'date')}
          <div className="col-span-2 flex gap-2 md:col-span-3 xl:col-span-6">
            <button type="submit" className={buttonClass('primary')}>
              {t('apply')}
            </button>
            <Link href="/staff/audit" className={buttonClass('ghost')}>
              {t('reset')}
            </Link>
          </div>
        </form>
        {problem ? (
          <p role="alert" className="mt-3 text-sm text-red-700">
            {t('invalidFilter', { message: problem })}
          </p>
        ) : null}
      </Card>
      {page ? (
        <Card>
          {page.data.length === 0 ? <EmptyState title={t('none')} /> : <AuditEntries entries={page.data} locale={locale} />}
          {cursor || page.nextCursor ? (
            <div className="mt-4 flex gap-2">
              {cursor ? (
                <Link href={`/staff/audit?${queryOf(filters)}`} className={buttonClass('ghost')}>
                  {t('first')}
                </Link>
              ) : null}
              {page.nextCursor ? (
                <Link href={`/staff/audit?${queryOf(filters, { cursor: page.nextCursor })}`} className={buttonClass('secondary')}>
                  {t('next')}
                </Link>
              ) : null}
            </div>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
