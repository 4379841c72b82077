import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDate, formatMoney } from '@/components/format';
import { methodLabel } from '@/components/portal/payment-method-label';
import { Card, EmptyState } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { requireCustomer } from '@/server/auth/guards';
import { serverApi } from '@/server/trpc/server-caller';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Receipts' };

export default async function ReceiptsPage() {
  await requireCustomer(); // the layout's check runs in parallel with this page, not before it
  const [api, t, locale] = await Promise.all([serverApi(), getTranslations('receipts'), getLocale()]);
  const [{ receipts, hasMore, limit }, { customer }] = await Promise.all([api.portal.receipts.list(), api.portal.account()]);
  const amountOf = (receipt: (typeof receipts)[number]) => formatMoney(receipt.amountMinor, receipt.currency, locale);
  const refundOf = (receipt: (typeof receipts)[number]) =>
    receipt.amountRefundedMinor > 0n ? t('refunded', { amount: formatMoney(receipt.amountRefundedMinor, receipt.currency, locale) }) : null;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{t('title')}</h1>
        <p className="mt-1 text-sm text-zinc-600">{t('intro', { company: customer.name })}</p>
      </div>
      <Card>
        {receipts.length === 0 ? (
          <EmptyState title={t('emptyTitle')}>{t('emptyBody')}</EmptyState>
        ) : (
          <>
            {/* Phones: one block per payment; wider screens: a table. */}
            <ul className="-my-2 divide-y divide-zinc-100 sm:hidden">
              {receipts.map((receipt) => (
                <li key={receipt.paymentId} className="py-3">
                  <div className="flex items-baseline justify-between gap-3">
                    <Link href={`/receipts/${receipt.paymentId}`} className="text-sm font-medium text-brand-700 hover:underline">
                      {formatDate(receipt.paidAt, locale)}
                    </Link>
                    <span className="text-sm font-semibold tabular-nums text-zinc-900">{amountOf(receipt)}</span>
                  </div>
                  <p className="mt-1 text-sm text-zinc-600">{methodLabel(receipt.method, t)}</p>
                  <p className="mt-0.5 text-sm text-zinc-600">
                    {t('invoice')}{' '}
                    <Link href={`/invoices/${receipt.invoice.id}`} className="font-medium text-brand-700 hover:underline">
                      {receipt.invoice.number}
                    </Link>
                    {refundOf(receipt) ? <span className="ml-2 text-amber-800">{refundOf(receipt)}</span> : null}
                  </p>
                </li>
              ))}
            </ul>
            <div className="hidden sm:block">
              <Table caption={t('caption')}>
                <thead>
                  <tr>
                    <Th>{t('date')}</Th>
                    <Th>{t('methodColumn')}</Th>
                    <Th>{t('invoice')}</Th>
                    <Th className="text-right">{t('amount')}</Th>
                    <Th>
                      <span className="sr-only">{t('receipt')}</span>
                    </Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100">
                  {receipts.map((receipt) => (
                    <tr key={receipt.paymentId}>
                      <Td>{formatDate(receipt.paidAt, locale)}</Td>
                      <Td>{methodLabel(receipt.method, t)}</Td>
                      <Td>
                        <Link href={`/invoices/${receipt.invoice.id}`} className="font-medium text-brand-700 hover:underline">
                          {receipt.invoice.number}
                        </Link>
                      </Td>
                      <Td className="text-right tabular-nums">
                        <span className="font-medium text-zinc-900">{amountOf(receipt)}</span>
                        {refundOf(receipt) ? <span className="block text-xs text-amber-800">{refundOf(receipt)}</span> : null}
                      </Td>
                      <Td className="text-right">
                        <Link href={`/receipts/${receipt.paymentId}`} aria-label={t('viewFor', { date: formatDate(receipt.paidAt, locale) })} className="font-medium text-brand-700 hover:underline">
                          {t('view')}
                        </Link>
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
            {hasMore ? <p className="mt-3 text-xs text-zinc-500">{t('limitNote', { count: String(limit) })}</p> : null}
          </>
        )}
      </Card>
    </div>
  );
}
