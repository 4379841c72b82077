'use client';
// Answers while typing: the query follows the input after a short pause, keeping the last
// results on screen until the next ones arrive; each result says what matched.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { countryName } from '../format';
import { useTRPC } from '../trpc/client';
import { Badge } from '../ui/badge';
import { EmptyState } from '../ui/card';
import { Input } from '../ui/field';
import { Table, Td, Th } from '../ui/table';

export function CustomerSearch() {
  const t = useTranslations('support.search');
  const locale = useLocale();
  const trpc = useTRPC();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 150);
    return () => clearTimeout(timer);
  }, [text]);
  const result = useQuery({ ...trpc.staff.support.search.queryOptions({ query, limit: 50 }), placeholderData: keepPreviousData });
  const rows = result.data ?? [];

  return (
    <div className="space-y-4">
      <div className="max-w-xl">
        <Input label={t('label')} hint={t('hint')} type="search" value={text} onChange={(e) => setText(e.target.value)} autoFocus />
      </div>
      <p className="text-sm text-zinc-500" aria-live="polite">
        {result.isFetching && !result.data ? t('loading') : result.data ? t('count', { count: rows.length }) : null}
      </p>
      {result.data && rows.length === 0 ? (
        <EmptyState title={t('none', { query })} />
      ) : (
        <div className="rounded-xl border border-zinc-200 bg-white px-4 shadow-sm sm:px-5">
          <Table caption={t('label')}>
            <thead>
              <tr>
                <Th>{t('name')}</Th>
                <Th>{t('email')}</Th>
                {query ? <Th>{t('matched')}</Th> : null}
                <Th>{t('country')}</Th>
                <Th>{t('currency')}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {rows.map((customer) => (
                <tr key={customer.id}>
                  <Td>
                    <Link href={`/staff/customers/${customer.id}`} className="font-medium text-brand-700 hover:underline">
                      {customer.name}
                    </Link>
                  </Td>
                  <Td>{customer.email}</Td>
                  {query ? (
                    <Td>
                      <span className="flex flex-wrap gap-1">
                        {customer.matches.map((match) => (
                          <Badge key={`${match.kind}:${match.value}`} tone={match.kind === 'name' || match.kind === 'email' ? 'neutral' : 'info'}>
                            {t(`match.${match.kind}`)}: {match.value}
                          </Badge>
                        ))}
                      </span>
                    </Td>
                  ) : null}
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
