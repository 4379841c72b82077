import { TRPCError } from '@trpc/server';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { countryName, formatDate, formatMoney } from '@/components/format';
import { methodLabel } from '@/components/portal/payment-method-label';
import { PrintButton } from '@/components/portal/print-button';
import { Card } from '@/components/ui/card';
import { requireCustomer } from '@/server/auth/guards';
import { serverApi } from '@/server/trpc/server-caller';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Receipt' };

export default async function ReceiptPage({ params }: { params: Promise<{ paymentId: string }> }) {
  await requireCustomer(); // the layout's check runs in parallel with this page, not before it
  const { paymentId } = await params;
  const [api, t, locale] = await Promise.all([serverApi(), getTranslations('receipts'), getLocale()]);
  // Another customer's payment answers exactly like one that does not exist.
  const receipt = await api.portal.receipts.get({ paymentId }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  });
  const address = receipt.customer.address;
  const customerLines = address
    ? [address.line1, address.line2, [address.postalCode, address.city].filter(Boolean).join(' '), address.country ? countryName(address.country, locale) : null].filter(
        (part): part is string => Boolean(part && part.trim()),
      )
    : [];
  const facts: Array<[string, React.ReactNode]> = [
    [t('amountPaid'), <span key="amount" className="text-base font-semibold tabular-nums">{formatMoney(receipt.amountMinor, receipt.currency, locale)}</span>],
    [t('datePaid'), formatDate(receipt.paidAt, locale)],
    [t('paidBy'), methodLabel(receipt.method, t)],
    [
      t('forInvoice'),
      <Link key="invoice" href={`/invoices/${receipt.invoice.id}`} className="font-medium text-brand-700 hover:underline">
        {receipt.invoice.number}
      </Link>,
    ],
    [t('reference'), <span key="ref" className="break-all font-mono text-xs">{receipt.paymentId}</span>],
  ];
  if (receipt.amountRefundedMinor > 0n) facts.push([t('amount'), t('refunded', { amount: formatMoney(receipt.amountRefundedMinor, receipt.currency, locale) })]);
  return (
    <div className="space-y-6">
      <div className="print:hidden">
        <Link href="/receipts" className="text-sm font-medium text-brand-700 hover:underline">
          ← {t('back')}
        </Link>
      </div>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-sm font-medium text-zinc-500">{t('detailTitle')}</p>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{t('detailHeading', { number: receipt.invoice.number ?? '' })}</h1>
        </div>
        <div className="flex flex-wrap items-center gap-3 print:hidden">
          <a href={`/receipts/${receipt.paymentId}/pdf`} target="_blank" rel="noopener" className="text-sm font-medium text-brand-700 hover:underline">
            {t('downloadPdf')}
          </a>
          <PrintButton label={t('print')} />
        </div>
      </div>
      <Card>
        <div className="grid gap-6 sm:grid-cols-2">
          <div className="min-w-0">
            <h2 className="text-xs font-medium uppercase tracking-wide text-zinc-500">{t('from')}</h2>
            <p className="mt-1 text-sm font-semibold text-zinc-900">{receipt.merchant.legalName ?? receipt.merchant.name}</p>
            {receipt.merchant.address.map((line) => (
              <p key={line} className="text-sm text-zinc-600">
                {line}
              </p>
            ))}
            {receipt.merchant.vatNumber ? <p className="text-sm text-zinc-600">{t('vatNumber', { value: receipt.merchant.vatNumber })}</p> : null}
          </div>
          <div className="min-w-0">
            <h2 className="text-xs font-medium uppercase tracking-wide text-zinc-500">{t('billedTo')}</h2>
            <p className="mt-1 text-sm font-semibold text-zinc-900">{receipt.customer.name}</p>
            {customerLines.map((line) => (
              <p key={line} className="text-sm text-zinc-600">
                {line}
              </p>
            ))}
            {receipt.customer.email ? <p className="break-all text-sm text-zinc-600">{receipt.customer.email}</p> : null}
          </div>
        </div>
        <dl className="mt-6 divide-y divide-zinc-100 border-t border-zinc-100">
          {facts.map(([label, value]) => (
            <div key={label} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-3">
              <dt className="text-sm text-zinc-500">{label}</dt>
              <dd className="min-w-0 text-right text-sm text-zinc-900">{value}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-4 text-sm text-zinc-600">{t('thanks', { email: receipt.merchant.supportEmail })}</p>
      </Card>
    </div>
  );
}
