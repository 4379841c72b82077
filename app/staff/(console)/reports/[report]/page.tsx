import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ReportFilters } from '@/components/staff/report-filters';
import { ReportBody } from '@/components/staff/report-view';
import { cn } from '@/components/ui/cn';
import { requireStaff } from '@/server/auth/guards';
import { isReportName, periodFromDates, reportNames } from '@/server/reports';
import { serverApi } from '@/server/trpc/server-caller';
import { filterError, readSearch, searchString } from '../report-search';

export const metadata: Metadata = { title: 'Report' };

export default async function ReportPage({ params, searchParams }: { params: Promise<{ report: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff('finance');
  const { report } = await params;
  if (!isReportName(report)) notFound();
  const [t, api, search] = await Promise.all([getTranslations('staffReports'), serverApi(), searchParams.then(readSearch)]);
  const options = await api.staff.reports.options();
  const currency = search.currency ?? (options.currencies.includes('EUR') ? 'EUR' : (options.currencies[0] ?? 'EUR'));
  let result: Awaited<ReturnType<typeof api.staff.reports.run>> | null = null;
  let error: ReturnType<typeof filterError> = null;
  try {
    result = await api.staff.reports.run({ report, from: search.from, to: search.to, currency });
  } catch (caught) {
    error = filterError(caught);
    if (!error) throw caught;
  }
  // Shown back as asked when refused; otherwise the period the report ran over.
  const fallback = error ? null : periodFromDates({}, options.now);
  const shown = { from: result?.period.from ?? search.from ?? fallback!.fromDate, to: result?.period.to ?? search.to ?? fallback!.toDate, currency };
  const query = searchString(shown);
  const formulas = Object.values(t.raw(`reports.${report}.formulas`) as Record<string, string>);
  return (
    <div className="space-y-4">
      <div>
        <p className="text-sm">
          <Link href={`/staff/reports${query}`} className="font-medium text-brand-700 hover:underline">
            {t('all')}
          </Link>
        </p>
        <h1 className="mt-1 text-xl font-semibold tracking-tight">{t(`reports.${report}.title`)}</h1>
        <p className="mt-0.5 text-sm text-zinc-600">{t(`reports.${report}.description`)}</p>
      </div>
      <nav aria-label={t('title')} className="-mx-1 flex gap-1 overflow-x-auto pb-1">
        {reportNames.map((name) => (
          <Link
            key={name}
            href={`/staff/reports/${name}${query}`}
            aria-current={name === report ? 'page' : undefined}
            className={cn('whitespace-nowrap rounded-md px-2.5 py-1 text-xs font-medium', name === report ? 'bg-brand-50 text-brand-700' : 'text-zinc-600 hover:bg-zinc-100')}
          >
            {t(`reports.${name}.title`)}
          </Link>
        ))}
      </nav>
      <ReportFilters action={`/staff/reports/${report}`} from={shown.from} to={shown.to} currency={currency} currencies={options.currencies} errors={error ? { [error.field]: error.message } : {}} />
      {result ? <ReportBody view={result.view} csvHref={(table) => `/staff/reports/${report}/csv${searchString({ ...shown, table: table ? String(table) : undefined })}`} /> : null}
      <section aria-labelledby="formulas" className="rounded-xl border border-zinc-200 bg-zinc-50 px-4 py-3 sm:px-5">
        <h2 id="formulas" className="text-sm font-semibold text-zinc-900">
          {t('formulas')}
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-zinc-700" data-testid="report-formulas">
          {formulas.map((formula) => (
            <li key={formula}>{formula}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
