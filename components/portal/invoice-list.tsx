'use client';
// The customer's invoices, newest first, filtered by status, a page at a time ("show more").
// Live: a payment settling elsewhere refreshes the list through useLiveAccount.
import { useInfiniteQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useLocale, useTranslations } from 'next-intl';
import Link from 'next/link';
import { useState } from 'react';
import type { AppRouter } from '@/server/trpc/root';
import { formatDate, formatMoney } from '../format';
import { useTRPC } from '../trpc/client';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/card';
import { Select } from '../ui/field';
import { InvoiceBadges } from './invoice-badges';
import { useLiveAccount } from './use-live-account';

type InvoicePage = inferRouterOutputs<AppRouter>['portal']['invoices']['list'];
export const invoiceFilterStatuses = ['open', 'paid', 'void', 'uncollectible'] as const;
type Status = (typeof invoiceFilterStatuses)[number];

export function InvoiceList({ initialStatus, initialPage }: { initialStatus: Status | null; initialPage: InvoicePage | null }) {
  const t = useTranslations('portalInvoices');
  const tStatus = useTranslations('invoiceStatus');
  const locale = useLocale();
  const trpc = useTRPC();
  useLiveAccount();
  const [status, setStatus] = useState<Status | null>(initialStatus);
  const query = useInfiniteQuery(
    trpc.portal.invoices.list.infiniteQueryOptions(
      { status: status ?? undefined, limit: 20 },
      {
        getNextPageParam: (last) => last.nextCursor ?? undefined,
        initialData: initialPage && status === initialStatus ? { pages: [initialPage], pageParams: [null] } : undefined,
      },
    ),
  );
  const invoices = query.data?.pages.flatMap((page) => page.data) ?? [];

  const changeStatus = (value: string) => {
    const next = (invoiceFilterStatuses as readonly string[]).includes(value) ? (value as Status) : null;
    setStatus(next);
    // The filter is part of the address, so it survives a reload and can be shared.
    const url = new URL(window.location.href);
    if (next) url.searchParams.set('status', next);
    else url.searchParams.delete('status');
    window.history.replaceState(null, '', url);
  };

  return (
    <div className="space-y-4">
      <div className="max-w-xs">
        <Select label={t('filterLabel')} value={status ?? ''} onChange={(event) => changeStatus(event.target.value)}>
          <option value="">{t('filterAll')}</option>
          {invoiceFilterStatuses.map((value) => (
            <option key={value} value={value}>
              {tStatus(value)}
            </option>
          ))}
        </Select>
      </div>
      {query.isPending ? (
        <p role="status" className="rounded-xl border border-zinc-200 bg-white px-4 py-8 text-center text-sm text-zinc-500">
          {t('loading')}
        </p>
      ) : query.isError && invoices.length === 0 ? (
        <div role="alert" className="rounded-xl border border-red-200 bg-red-50 px-4 py-6 text-center text-sm text-red-800">
          <p>{t('loadFailed')}</p>
          <Button variant="secondary" className="mt-3" onClick={() => void query.refetch()}>
            {t('retry')}
          </Button>
        </div>
      ) : invoices.length === 0 ? (
        <EmptyState title={status ? t('emptyFilteredTitle') : t('emptyTitle')}>{status ? t('emptyFilteredBody') : t('emptyBody')}</EmptyState>
      ) : (
        <>
          <ul aria-label={t('caption')} className="divide-y divide-zinc-100 overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-sm">
            {invoices.map((invoice) => (
              <li key={invoice.id}>
                <Link
                  href={`/invoices/${invoice.id}`}
                  className="flex items-start justify-between gap-3 px-4 py-3 hover:bg-zinc-50 focus-visible:bg-zinc-50 sm:items-center sm:gap-4 sm:px-5"
                >
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-sm font-semibold text-zinc-900">{invoice.number}</span>
                    <span className="block text-sm text-zinc-500">
                      {t('issued', { date: formatDate(invoice.issuedAt, locale) })}
                      {invoice.dueAt && invoice.status === 'open' ? ` · ${t('due', { date: formatDate(invoice.dueAt, locale) })}` : null}
                    </span>
                  </span>
                  <span className="flex shrink-0 flex-col items-end gap-1 text-right">
                    <span className="text-sm font-semibold tabular-nums text-zinc-900">{formatMoney(invoice.totalMinor, invoice.currency, locale)}</span>
                    <InvoiceBadges status={invoice.status} overdue={invoice.overdue} paymentInFlight={invoice.paymentInFlight} />
                    {invoice.status === 'open' && invoice.amountRemainingMinor !== invoice.totalMinor && invoice.amountRemainingMinor > 0n ? (
                      <span className="text-xs text-zinc-600">{t('remaining', { amount: formatMoney(invoice.amountRemainingMinor, invoice.currency, locale) })}</span>
                    ) : null}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          {query.hasNextPage ? (
            <div className="flex justify-center">
              <Button variant="secondary" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {query.isFetchingNextPage ? t('loadingMore') : t('more')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
