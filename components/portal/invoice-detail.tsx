'use client';
// One invoice, explained: what is owed and why (lines with their periods, prorations, discount,
// tax per rate, totals), what happened to it (payments, refunds, credit notes), and the way to pay
// it. Live: when a payment settles (a webhook, a SEPA debit confirmed days later) the page turns
// paid and shows the receipt without a reload.
import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useLocale, useTranslations } from 'next-intl';
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { AppRouter } from '@/server/trpc/root';
import { formatDate, formatDateTime, formatMoney } from '../format';
import { useTRPC } from '../trpc/client';
import { Badge, type BadgeTone } from '../ui/badge';
import { buttonClass } from '../ui/button';
import { Card } from '../ui/card';
import { Table, Td, Th } from '../ui/table';
import { declineReason } from './decline';
import { InvoiceBadges } from './invoice-badges';
import { methodLabel } from './method-label';
import { DeclineNotice, PayPanel } from './pay-panel';
import { useLiveAccount } from './use-live-account';

type Invoice = inferRouterOutputs<AppRouter>['portal']['invoices']['get'];

const paymentTones: Record<string, BadgeTone> = { requires_action: 'warning', processing: 'warning', succeeded: 'success', failed: 'danger', canceled: 'neutral' };

export function InvoiceDetail({ initial, merchantName, returnedFromBank }: { initial: Invoice; merchantName: string; returnedFromBank: boolean }) {
  const t = useTranslations('portalInvoices');
  const locale = useLocale();
  const trpc = useTRPC();
  const live = useLiveAccount();
  const { data } = useQuery(trpc.portal.invoices.get.queryOptions({ id: initial.id }, { initialData: initial }));
  const invoice = data ?? initial;
  const money = (amount: bigint) => formatMoney(amount, invoice.currency, locale);

  const succeeded = invoice.payments.filter((payment) => payment.status === 'succeeded');
  const receipt = succeeded.at(-1) ?? null;
  const inFlight = invoice.payments.find((payment) => payment.status === 'processing' || payment.status === 'requires_action') ?? null;
  const lastAttempt = invoice.payments.at(-1) ?? null;
  const payable = (invoice.status === 'open' || invoice.status === 'uncollectible') && invoice.amountRemainingMinor > 0n;
  const lastFailed = payable && !inFlight && lastAttempt && (lastAttempt.status === 'failed' || (lastAttempt.status === 'canceled' && lastAttempt.failureCode !== 'replaced')) ? lastAttempt : null;

  return (
    <div className="space-y-6">
      <div>
        <Link href="/invoices" className="text-sm font-medium text-brand-700 hover:underline">
          ← {t('back')}
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-2">
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{t('detailTitle', { number: invoice.number ?? '' })}</h1>
          <span data-testid="invoice-status">
            <InvoiceBadges status={invoice.status} overdue={invoice.overdue} paymentInFlight={invoice.paymentInFlight} />
          </span>
          <a href={`/invoices/${invoice.id}/pdf`} target="_blank" rel="noopener" className="ml-auto text-sm font-medium text-brand-700 hover:underline">
            {t('downloadPdf')}
          </a>
        </div>
        {live === 'live' ? (
          <p className="mt-1 flex items-center gap-1.5 text-xs text-zinc-500">
            <span aria-hidden className="size-1.5 rounded-full bg-emerald-500" />
            {t('live')}
          </p>
        ) : null}
      </div>

      {/* What changes on its own (a payment settling) is announced to screen readers. */}
      <div aria-live="polite" className="space-y-3 empty:hidden">
        {invoice.status === 'paid' ? (
          <p className="rounded-lg border border-emerald-200 bg-emerald-50 p-3 text-sm font-medium text-emerald-900" data-testid="paid-banner">
            {t('paidBanner')}
          </p>
        ) : null}
        {inFlight?.status === 'processing' ? (
          <p className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="processing-banner">
            {inFlight.method?.type === 'sepa_debit' ? t('sepaProcessing', { amount: money(inFlight.amountMinor) }) : t('paymentProcessing', { amount: money(inFlight.amountMinor) })}
          </p>
        ) : null}
        {inFlight?.status === 'requires_action' ? (
          <div className="rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="authentication-banner">
            <p>{returnedFromBank ? t('confirming') : t('authenticationPending')}</p>
            {!returnedFromBank && inFlight.nextActionUrl ? (
              <a href={inFlight.nextActionUrl} className={buttonClass('secondary', 'mt-2')}>
                {t('continueAuthentication')}
              </a>
            ) : null}
          </div>
        ) : null}
        {lastFailed ? <DeclineNotice reason={declineReason(lastFailed.declineCode, lastFailed.failureCode, lastFailed.method?.type)} live={false} /> : null}
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={invoice.status === 'paid' ? t('amountPaid') : t('amountDue')} className="lg:col-span-1">
          <p className="text-3xl font-semibold tabular-nums tracking-tight text-zinc-900" data-testid="amount-remaining">
            {money(invoice.status === 'paid' ? invoice.amountPaidMinor : invoice.amountRemainingMinor)}
          </p>
          <dl className="mt-4 space-y-3 text-sm">
            {invoice.status === 'paid' && invoice.paidAt ? <Fact label={t('receiptDate')}>{formatDate(invoice.paidAt, locale)}</Fact> : null}
            {invoice.status === 'open' && invoice.dueAt ? <Fact label={t('dueLabel')}>{formatDate(invoice.dueAt, locale)}</Fact> : null}
            <Fact label={t('issuedLabel')}>{formatDate(invoice.issuedAt, locale)}</Fact>
            {invoice.periodStart && invoice.periodEnd ? (
              <Fact label={t('periodLabel')}>{t('period', { start: formatDate(invoice.periodStart, locale), end: formatDate(invoice.periodEnd, locale) })}</Fact>
            ) : null}
            {invoice.paymentReference && payable ? <Fact label={t('paymentReference')}>{invoice.paymentReference}</Fact> : null}
          </dl>
        </Card>

        <div className="space-y-6 lg:col-span-2">
          {invoice.status === 'void' && invoice.voidedAt ? <p className="rounded-lg bg-zinc-100 p-3 text-sm text-zinc-700">{t('voidOn', { date: formatDate(invoice.voidedAt, locale) })}</p> : null}
          {invoice.status === 'uncollectible' ? <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">{t('uncollectibleNote')}</p> : null}
          {payable && inFlight?.status !== 'processing' ? (
            <Card title={t('pay.title')}>
              <PayPanel invoiceId={invoice.id} amountMinor={invoice.amountRemainingMinor} currency={invoice.currency} merchantName={merchantName} />
            </Card>
          ) : null}
          {receipt ? (
            <Card title={t('receipt')}>
              <dl className="grid gap-3 text-sm sm:grid-cols-3" data-testid="receipt">
                <Fact label={t('receiptDate')}>{formatDateTime(receipt.settledAt ?? receipt.createdAt, locale)}</Fact>
                <Fact label={t('receiptMethod')}>{methodLabel(t, receipt.method, receipt.gateway)}</Fact>
                <Fact label={t('receiptAmount')}>{money(receipt.amountMinor)}</Fact>
              </dl>
            </Card>
          ) : null}
        </div>
      </div>

      <Card title={t('whatFor')}>
        <Table caption={t('whatFor')}>
          <thead>
            <tr>
              <Th>{t('description')}</Th>
              <Th className="text-right">{t('quantity')}</Th>
              <Th className="text-right">{t('lineAmount')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {invoice.lines.map((line) => (
              <tr key={line.id}>
                <Td className="whitespace-normal">
                  <span className="block font-medium text-zinc-900">{line.description}</span>
                  {line.periodStart && line.periodEnd ? (
                    <span className="block text-xs text-zinc-500">{t('period', { start: formatDate(line.periodStart, locale), end: formatDate(line.periodEnd, locale) })}</span>
                  ) : null}
                  {line.proration ? (
                    <span className="mt-1 inline-block" title={t('prorationHint')}>
                      <Badge tone="info">{t('proration')}</Badge>
                    </span>
                  ) : null}
                  {line.discountMinor > 0n ? <span className="block text-xs text-emerald-700">−{money(line.discountMinor)}</span> : null}
                </Td>
                <Td className="text-right tabular-nums">{line.quantity.toString()}</Td>
                <Td className="text-right tabular-nums">{money(line.amountMinor)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
        {invoice.lines.some((line) => line.proration) ? <p className="mt-3 text-xs text-zinc-500">{t('prorationHint')}</p> : null}
        <dl className="mt-4 ml-auto max-w-sm space-y-1.5 border-t border-zinc-100 pt-4 text-sm">
          <Total label={t('subtotal')} value={money(invoice.subtotalMinor)} />
          {invoice.discountMinor > 0n ? <Total label={invoice.discount ? t('discountNamed', { name: invoice.discount.name }) : t('discount')} value={`−${money(invoice.discountMinor)}`} /> : null}
          {invoice.taxes.map((tax) => (
            <Total
              key={`${tax.rate}-${tax.label}`}
              label={tax.label ? t('tax', { label: tax.label, rate: tax.rate ?? '0', base: money(tax.netMinor) }) : t('taxNoLabel', { rate: tax.rate ?? '0', base: money(tax.netMinor) })}
              value={money(tax.taxMinor)}
            />
          ))}
          <Total label={t('total')} value={money(invoice.totalMinor)} strong />
          {invoice.creditAppliedMinor > 0n ? <Total label={t('creditApplied')} value={`−${money(invoice.creditAppliedMinor)}`} /> : null}
          {invoice.creditAppliedMinor < 0n ? <Total label={t('creditAdded')} value={money(-invoice.creditAppliedMinor)} /> : null}
          {invoice.amountPaidMinor > 0n ? <Total label={t('amountPaid')} value={`−${money(invoice.amountPaidMinor)}`} /> : null}
          {invoice.status !== 'void' ? <Total label={t('remainingLabel')} value={money(invoice.amountRemainingMinor)} strong /> : null}
        </dl>
        {invoice.taxMention ? <p className="mt-3 text-xs text-zinc-500">{locale === 'fr' ? invoice.taxMention.fr : invoice.taxMention.en}</p> : null}
      </Card>

      <Card title={t('payments')}>
        {invoice.payments.length === 0 ? (
          <p className="text-sm text-zinc-500">{t('paymentsEmpty')}</p>
        ) : (
          <ul className="divide-y divide-zinc-100" data-testid="payments">
            {[...invoice.payments].reverse().map((payment) => (
              <li key={payment.id} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 py-2.5 text-sm">
                <div className="min-w-0">
                  <p className="font-medium text-zinc-900">{methodLabel(t, payment.method, payment.gateway)}</p>
                  <p className="text-zinc-500">
                    {t('attempt', { attempt: String(payment.attempt) })} · {formatDateTime(payment.settledAt ?? payment.createdAt, locale)}
                  </p>
                  {payment.status === 'failed' ? <p className="text-red-800">{t(`decline.${declineReason(payment.declineCode, payment.failureCode, payment.method?.type)}`)}</p> : null}
                  {payment.amountRefundedMinor > 0n ? <p className="text-zinc-600">{t('refunded', { amount: money(payment.amountRefundedMinor) })}</p> : null}
                </div>
                <div className="flex flex-col items-end gap-1">
                  <span className="font-semibold tabular-nums text-zinc-900">{money(payment.amountMinor)}</span>
                  <Badge tone={paymentTones[payment.status] ?? 'neutral'}>{t(`paymentStatus.${payment.status}`)}</Badge>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>

      {invoice.refunds.length > 0 ? (
        <Card title={t('refunds')}>
          <ul className="divide-y divide-zinc-100">
            {invoice.refunds.map((refund) => (
              <li key={refund.id} className="flex flex-wrap items-center justify-between gap-2 py-2.5 text-sm">
                <span className="text-zinc-700">{formatDate(refund.createdAt, locale)}</span>
                <span className="flex items-center gap-2">
                  <span className="font-semibold tabular-nums">{money(refund.amountMinor)}</span>
                  <Badge tone={refund.status === 'succeeded' ? 'success' : refund.status === 'pending' ? 'warning' : 'neutral'}>{t(`refundStatus.${refund.status}`)}</Badge>
                </span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      {invoice.creditNotes.length > 0 ? (
        <Card title={t('creditNotes')}>
          <ul className="divide-y divide-zinc-100">
            {invoice.creditNotes.map((note) => (
              <li key={note.id} className="flex flex-wrap items-center justify-between gap-2 py-2.5 text-sm">
                <span className="min-w-0">
                  <span className="block font-medium text-zinc-900">{note.number}</span>
                  <span className="block text-zinc-500">
                    {t(`creditNoteReason.${note.reason}`)} · {formatDate(note.createdAt, locale)}
                  </span>
                </span>
                <span className="font-semibold tabular-nums">−{money(note.totalMinor)}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd className="mt-0.5 break-words text-zinc-900">{children}</dd>
    </div>
  );
}

function Total({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <div className={strong ? 'flex justify-between gap-4 font-semibold text-zinc-900' : 'flex justify-between gap-4 text-zinc-700'}>
      <dt className="min-w-0">{label}</dt>
      <dd className="shrink-0 tabular-nums">{value}</dd>
    </div>
  );
}
