// The hosted invoice page: the link of an invoice e-mail. No sign-in: the token alone opens this one
// invoice, and paying it needs nothing more. An unknown token is the ordinary 404 page.
import { TRPCError } from '@trpc/server';
import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { countryName, formatDate, formatMoney } from '@/components/format';
import { HostedInvoicePayment } from '@/components/portal/hosted-invoice-payment';
import { methodLabel } from '@/components/portal/payment-method-label';
import { PrintButton } from '@/components/portal/print-button';
import { LocaleSwitcher } from '@/components/shell/locale-switcher';
import { SkipLink } from '@/components/shell/skip-link';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { serverApi } from '@/server/trpc/server-caller';

export const dynamic = 'force-dynamic';
// The token is the key to this page: never sent on to another site, never indexed.
export const metadata: Metadata = { title: 'Invoice', referrer: 'no-referrer', robots: { index: false, follow: false } };

const statusTones: Record<string, BadgeTone> = { open: 'warning', paid: 'success', void: 'neutral', uncollectible: 'danger', draft: 'neutral' };

export default async function HostedInvoicePage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await params;
  // Back from the bank's check, the address carries the gateway's ids (a client secret among them): drop them.
  const query = await searchParams;
  if (query.payment_intent !== undefined || query.payment_intent_client_secret !== undefined) redirect(`/i/${encodeURIComponent(token)}`);
  const [api, t, tr, ts, locale] = await Promise.all([serverApi(), getTranslations('hostedInvoice'), getTranslations('receipts'), getTranslations('invoiceStatus'), getLocale()]);
  const invoice = await api.hosted.invoice({ token }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  });
  const money = (amountMinor: bigint) => formatMoney(amountMinor, invoice.currency, locale);
  const address = invoice.customer.address;
  const customerLines = address
    ? [address.line1, address.line2, [address.postalCode, address.city].filter(Boolean).join(' '), address.country ? countryName(address.country, locale) : null].filter(
        (part): part is string => Boolean(part && part.trim()),
      )
    : [];
  const dates: Array<[string, string]> = [];
  if (invoice.issuedAt) dates.push([t('issued'), formatDate(invoice.issuedAt, locale)]);
  if (invoice.dueAt && invoice.status !== 'paid') dates.push([t('due'), formatDate(invoice.dueAt, locale)]);
  if (invoice.paidAt) dates.push([t('paidOn'), formatDate(invoice.paidAt, locale)]);
  if (invoice.periodStart && invoice.periodEnd)
    dates.push([t('period'), t('periodValue', { start: formatDate(invoice.periodStart, locale), end: formatDate(invoice.periodEnd, locale) })]);
  const totals: Array<[string, string, boolean?]> = [[t('subtotal'), money(invoice.subtotalMinor)]];
  if (invoice.discountMinor > 0n) totals.push([t('discount'), money(-invoice.discountMinor)]);
  for (const tax of invoice.taxes) totals.push([t('taxAt', { label: tax.label ?? t('taxDefault'), rate: tax.rate }), money(tax.amountMinor)]);
  totals.push([t('total'), money(invoice.totalMinor), true]);
  if (invoice.creditAppliedMinor !== 0n) totals.push([t('creditApplied'), money(-invoice.creditAppliedMinor)]);
  if (invoice.amountPaidMinor > 0n) totals.push([t('amountPaid'), money(-invoice.amountPaidMinor)]);
  totals.push([t('amountRemaining'), money(invoice.amountRemainingMinor), true]);
  const payable = invoice.status === 'open' || invoice.status === 'uncollectible';

  return (
    <div className="min-h-dvh">
      <SkipLink />
      <header className="border-b border-zinc-200 bg-white print:hidden">
        <div className="mx-auto flex max-w-3xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
          <div className="flex min-w-0 items-center gap-2">
            <span aria-hidden className="size-3 shrink-0 rounded-full" style={{ background: invoice.merchant.brandColor }} />
            <span className="truncate text-base font-bold tracking-tight">{invoice.merchant.name}</span>
          </div>
          <LocaleSwitcher />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-6 sm:px-6 sm:py-8">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{t('title', { number: invoice.number ?? '' })}</h1>
          <Badge tone={statusTones[invoice.status] ?? 'neutral'}>{ts(invoice.status)}</Badge>
        </div>

        <Summary>
          {invoice.status === 'paid' ? (
            <div className="flex items-start gap-3">
              <span aria-hidden className="mt-0.5 grid size-8 shrink-0 place-items-center rounded-full bg-emerald-100 text-emerald-700">
                ✓
              </span>
              <div>
                <p className="text-lg font-semibold text-emerald-800">{t('paidTitle')}</p>
                <p className="text-sm text-zinc-600">{t('paidBody', { date: formatDate(invoice.paidAt ?? invoice.issuedAt ?? new Date(), locale) })}</p>
              </div>
            </div>
          ) : invoice.status === 'void' ? (
            <div>
              <p className="text-lg font-semibold text-zinc-900">{t('voidTitle')}</p>
              <p className="text-sm text-zinc-600">{t('voidBody')}</p>
            </div>
          ) : (
            <div className="flex flex-wrap items-end justify-between gap-3">
              <div>
                <p className="text-sm text-zinc-500">{t('amountDue')}</p>
                <p className="text-3xl font-semibold tracking-tight tabular-nums text-zinc-900">{money(invoice.amountRemainingMinor)}</p>
              </div>
              {invoice.dueAt ? <p className="text-sm text-zinc-600">{t('dueBy', { date: formatDate(invoice.dueAt, locale) })}</p> : null}
            </div>
          )}
        </Summary>

        <p className="print:hidden">
          <a href={`/i/${token}/pdf`} target="_blank" rel="noopener" className="text-sm font-medium text-brand-700 hover:underline">
            {t('downloadPdf')}
          </a>
        </p>

        {payable ? (
          <div className="print:hidden">
            <HostedInvoicePayment
              token={token}
              merchantName={invoice.merchant.name}
              customerName={invoice.customer.name}
              initial={{ status: invoice.status, canPay: invoice.canPay, latestPayment: invoice.latestPayment }}
            />
          </div>
        ) : null}

        {invoice.receipts.length > 0 ? (
          <Card title={t('receiptTitle')} action={<PrintButton label={t('print')} />}>
            <ul className="divide-y divide-zinc-100">
              {invoice.receipts.map((receipt) => (
                <li key={receipt.id} className="py-2 first:pt-0 last:pb-0">
                  <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
                    <Fact label={t('receiptAmount')}>
                      <span className="font-semibold tabular-nums">{formatMoney(receipt.amountMinor, receipt.currency, locale)}</span>
                    </Fact>
                    <Fact label={t('receiptDate')}>{formatDate(receipt.paidAt, locale)}</Fact>
                    <Fact label={t('receiptMethod')}>{methodLabel(receipt.method, tr)}</Fact>
                    <Fact label={t('receiptReference')}>
                      <span className="break-all font-mono text-xs">{receipt.id}</span>
                    </Fact>
                  </dl>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}

        <Card title={t('lines')}>
          <div className="grid gap-6 sm:grid-cols-2">
            <div className="min-w-0">
              <h3 className="text-xs font-medium uppercase tracking-wide text-zinc-500">{t('from')}</h3>
              <p className="mt-1 text-sm font-semibold text-zinc-900">{invoice.merchant.legalName ?? invoice.merchant.name}</p>
              {invoice.merchant.address.map((line) => (
                <p key={line} className="text-sm text-zinc-600">
                  {line}
                </p>
              ))}
              {invoice.merchant.vatNumber ? <p className="text-sm text-zinc-600">{t('vatNumber', { value: invoice.merchant.vatNumber })}</p> : null}
            </div>
            <div className="min-w-0">
              <h3 className="text-xs font-medium uppercase tracking-wide text-zinc-500">{t('billedTo')}</h3>
              <p className="mt-1 text-sm font-semibold text-zinc-900">{invoice.customer.name}</p>
              {customerLines.map((line) => (
                <p key={line} className="text-sm text-zinc-600">
                  {line}
                </p>
              ))}
              {invoice.customer.taxIds.map((value) => (
                <p key={value} className="text-sm text-zinc-600">
                  {t('taxId', { value })}
                </p>
              ))}
            </div>
          </div>
          {dates.length ? (
            <dl className="mt-6 grid grid-cols-2 gap-4 text-sm sm:grid-cols-4">
              {dates.map(([label, value]) => (
                <Fact key={label} label={label}>
                  {value}
                </Fact>
              ))}
            </dl>
          ) : null}
          {/* Phones: one block per line; wider screens: a table. */}
          <ul className="mt-6 divide-y divide-zinc-100 border-t border-zinc-100 sm:hidden">
            {invoice.lines.map((line) => (
              <li key={line.id} className="py-3 text-sm">
                <div className="flex items-baseline justify-between gap-3">
                  <span className="min-w-0 break-words text-zinc-900">{line.description}</span>
                  <span className="shrink-0 tabular-nums text-zinc-900">{money(line.amountMinor)}</span>
                </div>
                <p className="text-xs text-zinc-500">
                  {t('quantity')} {line.quantity.toString()}
                  {line.periodStart && line.periodEnd ? ` · ${t('periodValue', { start: formatDate(line.periodStart, locale), end: formatDate(line.periodEnd, locale) })}` : ''}
                </p>
                {line.proration ? <p className="text-xs text-zinc-500">{t('proration')}</p> : null}
              </li>
            ))}
          </ul>
          <div className="mt-6 hidden sm:block">
            <Table caption={t('linesCaption')}>
              <thead>
                <tr>
                  <Th className="whitespace-normal">{t('description')}</Th>
                  <Th className="whitespace-normal px-2 text-right sm:px-5">{t('quantity')}</Th>
                  <Th className="whitespace-normal text-right">{t('amount')}</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {invoice.lines.map((line) => (
                  <tr key={line.id}>
                    <Td className="whitespace-normal">
                      <span className="block break-words text-zinc-900">{line.description}</span>
                      {line.periodStart && line.periodEnd ? (
                        <span className="block text-xs text-zinc-500">{t('periodValue', { start: formatDate(line.periodStart, locale), end: formatDate(line.periodEnd, locale) })}</span>
                      ) : null}
                      {line.proration ? <span className="block text-xs text-zinc-500">{t('proration')}</span> : null}
                    </Td>
                    <Td className="px-2 text-right tabular-nums sm:px-5">{line.quantity.toString()}</Td>
                    <Td className="text-right tabular-nums">{money(line.amountMinor)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
          <dl className="mt-4 ml-auto max-w-sm space-y-1.5 border-t border-zinc-100 pt-4 text-sm">
            {totals.map(([label, value, strong]) => (
              <div key={label} className={`flex justify-between gap-4 ${strong ? 'font-semibold text-zinc-900' : 'text-zinc-600'}`}>
                <dt>{label}</dt>
                <dd className="tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
          {invoice.taxMention ? (
            <p className="mt-4 text-xs text-zinc-600">
              <span className="font-medium">{t('taxMention')}: </span>
              {locale === 'fr' ? invoice.taxMention.fr : invoice.taxMention.en}
            </p>
          ) : null}
          {payable && invoice.paymentReference ? <p className="mt-4 text-sm text-zinc-600">{t('bankTransfer', { reference: invoice.paymentReference })}</p> : null}
        </Card>

        <footer className="space-y-1 pb-4 text-sm text-zinc-500">
          {invoice.merchant.supportEmail ? (
            <p>
              {t.rich('questions', {
                email: invoice.merchant.supportEmail,
                mail: (chunks) => (
                  <a href={`mailto:${invoice.merchant.supportEmail}`} className="font-medium text-brand-700 hover:underline">
                    {chunks}
                  </a>
                ),
              })}
            </p>
          ) : null}
          <p className="print:hidden">{t('secureNote')}</p>
        </footer>
      </main>
    </div>
  );
}

function Summary({ children }: { children: ReactNode }) {
  return <section className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-5">{children}</section>;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd className="mt-1 text-zinc-900">{children}</dd>
    </div>
  );
}
