'use client';
// Answers while typing: the query follows the input after a short pause, keeping the last
// results on screen until the next ones arrive.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { countryName } from '../format';
import { useTRPC } from '../trpc/client';
import { EmptyState } from '../ui/card';
import { Input } from '../ui/field';
import { Table, Td, Th } from '../ui/table';

export function CustomerSearch() {
  const t = useTranslations('staff.customers');
  const locale = useLocale();
  const trpc = useTRPC();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 150);
    return () => clearTimeout(timer);
  }, [text]);
  const result = useQuery({ ...trpc.staff.customers.search.queryOptions({ query, limit: 50 }), placeholderData: keepPreviousData });

  return (
    <div className="space-y-4">
      <div className="max-w-md">
        <Input label={t('search')} hint={t('searchHint')} type="search" value={text} onChange={(e) => setText(e.target.value)} autoFocus />
      </div>
      <p className="text-sm text-zinc-500" aria-live="polite">
        {result.isFetching && !result.data ? t('loading') : result.data ? t('count', { count: result.data.total }) : null}
      </p>
      {result.data && result.data.rows.length === 0 ? (
        <EmptyState title={t('none', { query })} />
      ) : (
        <div className="rounded-xl border border-zinc-200 bg-white px-4 shadow-sm sm:px-5">
          <Table caption={t('title')}>
            <thead>
              <tr>
                <Th>{t('name')}</Th>
                <Th>{t('email')}</Th>
                <Th>{t('country')}</Th>
                <Th>{t('currency')}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {result.data?.rows.map((customer) => (
                <tr key={customer.id}>
                  <Td>
                    <Link href={`/staff/customers/${customer.id}`} className="font-medium text-brand-700 hover:underline">
                      {customer.name}
                    </Link>
                  </Td>
                  <Td>{customer.email}</Td>
                  <Td>{countryName(customer.country, locale)}</Td>
                  <Td>{customer.currency}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </div>
  );
}
