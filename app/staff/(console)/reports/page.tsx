import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { requireStaff } from '@/server/auth/guards';
import { reportNames } from '@/server/reports';
import { readSearch, searchString } from './report-search';

export const metadata: Metadata = { title: 'Reports' };

export default async function ReportsIndexPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Finance and admin; support is refused here as well as by the procedures.
  await requireStaff('finance');
  const [t, search] = await Promise.all([getTranslations('staffReports'), searchParams.then(readSearch)]);
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">{t('title')}</h1>
        <p className="mt-1 max-w-3xl text-sm text-zinc-600">{t('intro')}</p>
      </div>
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {reportNames.map((name) => (
          <li key={name}>
            <Link href={`/staff/reports/${name}${searchString(search)}`} className="block h-full rounded-xl border border-zinc-200 bg-white px-4 py-3 shadow-sm hover:border-brand-500">
              <span className="block text-sm font-semibold text-zinc-900">{t(`reports.${name}.title`)}</span>
              <span className="mt-0.5 block text-sm text-zinc-600">{t(`reports.${name}.description`)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
