'use client';
// The customer 360: one screen to answer "why was I charged?" — the account and its actions on
// top, each invoice's story, the timeline beside the account's facts, then the detailed lists.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { countryName, formatDate, formatDateTime, formatMoney } from '../../format';
import { useTRPC } from '../../trpc/client';
import { Badge } from '../../ui/badge';
import { Card } from '../../ui/card';
import { Table, Td, Th } from '../../ui/table';
import { invoiceStatusTones } from '../invoice-status-tones';
import { AccountActions, InvoiceActions, RefundAction, ResendAction, SubscriptionActions } from './customer-actions';
import { CustomerStory, CustomerTimeline } from './customer-timeline';
import { declineText, type Customer360View } from './timeline-text';

export function Customer360({ initial }: { initial: Customer360View }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.staff.support.view.queryOptions({ id: initial.customer.id }), initialData: initial });
  const view = query.data;
  return (
    <div className="space-y-5">
      <Header view={view} />
      <CustomerStory view={view} />
      <div className="grid gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <CustomerTimeline view={view} />
        <div className="space-y-5">
          <Account view={view} />
          <Subscriptions view={view} />
          <Methods view={view} />
          <Notes view={view} />
        </div>
      </div>
      <Invoices view={view} />
      <Payments view={view} />
      <Emails view={view} />
      <GatewayEvents view={view} />
    </div>
  );
}

function Header({ view }: { view: Customer360View }) {
  const t = useTranslations('support.view');
  const locale = useLocale();
  const { customer } = view;
  return (
    <div className="space-y-3">
      <Link href="/staff/customers" className="text-sm text-brand-700 hover:underline">
        ← {t('back')}
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight">{customer.name}</h1>
          <p className="truncate text-sm text-zinc-500">
            {customer.email} · <span className="font-mono text-xs">{customer.id}</span> · {t('since', { date: formatDate(customer.createdAt, locale) })}
          </p>
          <div className="mt-2 flex flex-wrap gap-1.5">
            <Badge>{customer.currency}</Badge>
            <Badge>{t(`collectionMethod.${customer.collectionMethod}`)}</Badge>
            <Badge tone={customer.creditBalanceMinor > 0n ? 'info' : 'neutral'}>
              {t('credit')} {formatMoney(customer.creditBalanceMinor, customer.currency, locale)}
            </Badge>
            {view.dunningPaused ? <Badge tone="warning">{t('dunningPaused')}</Badge> : null}
          </div>
        </div>
        <AccountActions view={view} />
      </div>
      {view.dunningPaused ? (
        <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
          {t('dunningPausedSince', { date: formatDateTime(view.dunningPaused.pausedAt, locale), reason: view.dunningPaused.reason })}
        </p>
      ) : null}
    </div>
  );
}

function Facts({ rows }: { rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-zinc-500">{label}</dt>
          <dd className="min-w-0 break-words text-zinc-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Account({ view }: { view: Customer360View }) {
  const t = useTranslations('support.view');
  const locale = useLocale();
  const { customer } = view;
  const address = [customer.addressLine1, customer.addressLine2, [customer.postalCode, customer.city].filter(Boolean).join(' '), countryName(customer.country, locale)].filter(Boolean).join(', ');
  return (
    <Card title={t('account')}>
      <Facts
        rows={[
          [t('email'), customer.email],
          [t('contacts'), view.contacts.map((contact) => contact.email).join(', ') || '—'],
          [t('language'), customer.locale.toUpperCase()],
          [t('address'), address],
          ...(customer.taxIds.length ? [[t('taxIds'), customer.taxIds.map((id) => id.value).join(', ')] as [string, string]] : []),
          [t('terms'), t('termsDays', { days: customer.paymentTermsDays })],
        ]}
      />
    </Card>
  );
}

function Subscriptions({ view }: { view: Customer360View }) {
  const t = useTranslations('support.view');
  const ts = useTranslations('subscriptionStatus');
  const locale = useLocale();
  return (
    <Card title={t('subscriptions')}>
      {view.subscriptions.length === 0 ? (
        <p className="text-sm text-zinc-500">{t('noSubscriptions')}</p>
      ) : (
        <ul className="-my-2 divide-y divide-zinc-100">
          {view.subscriptions.map((subscription) => (
            <li key={subscription.id} className="space-y-1.5 py-2.5 text-sm">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-medium">
                  {subscription.items.map((item) => `${item.nickname ?? item.productName} ${t('quantity', { quantity: item.quantity.toString() })}`).join(', ')}
                </span>
                <Badge tone={subscription.status === 'active' || subscription.status === 'trialing' ? 'success' : subscription.status === 'canceled' ? 'neutral' : 'warning'}>{ts(subscription.status)}</Badge>
              </div>
              <p className="text-xs text-zinc-500">
                <span className="font-mono">{subscription.id}</span> ·{' '}
                {subscription.status === 'trialing' && subscription.trialEnd ? t('trialEnds', { date: formatDate(subscription.trialEnd, locale) }) : t('renews', { date: formatDate(subscription.currentPeriodEnd, locale) })}
                {subscription.cancelAtPeriodEnd ? ` · ${t('cancelsAtPeriodEnd')}` : ''}
              </p>
              <SubscriptionActions view={view} subscription={subscription} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

const methodName = (method: { type: string; brand: string | null; walletType: string | null }) => method.walletType ?? method.brand ?? method.type;

function Methods({ view }: { view: Customer360View }) {
  const t = useTranslations('support.view');
  return (
    <Card title={t('methods')}>
      {view.paymentMethods.length === 0 ? (
        <p className="text-sm text-zinc-500">{t('noMethods')}</p>
      ) : (
        <ul className="-my-1 divide-y divide-zinc-100 text-sm">
          {view.paymentMethods.map((method) => (
            <li key={method.id} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
              <span className={method.status === 'removed' ? 'text-zinc-400 line-through' : ''}>
                <span className="capitalize">{methodName(method)}</span> •••• {method.last4 ?? '—'}
                {method.expMonth && method.expYear ? <span className="ml-2 text-xs text-zinc-500">{t('expires', { month: String(method.expMonth).padStart(2, '0'), year: method.expYear })}</span> : null}
              </span>
              {method.isDefault ? <Badge tone="info">{t('default')}</Badge> : method.status === 'removed' ? <Badge>{t('removed')}</Badge> : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Notes({ view }: { view: Customer360View }) {
  const t = useTranslations('support.view');
  const locale = useLocale();
  return (
    <Card title={t('notes')}>
      {view.notes.length === 0 ? (
        <p className="text-sm text-zinc-500">{t('noNotes')}</p>
      ) : (
        <ul className="-my-1 divide-y divide-zinc-100 text-sm">
          {view.notes.map((note) => (
            <li key={note.id} className="py-2">
              <p className="whitespace-pre-wrap text-zinc-900">{note.body}</p>
              <p className="text-xs text-zinc-500">
                {note.authorEmail} · {formatDateTime(note.createdAt, locale)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Invoices({ view }: { view: Customer360View }) {
  const t = useTranslations('support.view');
  const ti = useTranslations('invoiceStatus');
  const locale = useLocale();
  return (
    <Card title={t('invoices')}>
      {view.invoices.length === 0 ? (
        <p className="text-sm text-zinc-500">{t('noInvoices')}</p>
      ) : (
        <Table caption={t('invoices')}>
          <thead>
            <tr>
              <Th>{t('col.number')}</Th>
              <Th>{t('col.status')}</Th>
              <Th className="text-right">{t('col.total')}</Th>
              <Th className="text-right">{t('col.remaining')}</Th>
              <Th>{t('col.dunning')}</Th>
              <Th>{t('col.issued')}</Th>
              <Th className="text-right">{t('col.actions')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {view.invoices.map((invoice) => (
              <tr key={invoice.id}>
                <Td className="font-mono text-xs">{invoice.number ?? '—'}</Td>
                <Td>
                  <Badge tone={invoiceStatusTones[invoice.status]}>{ti(invoice.status)}</Badge>
                </Td>
                <Td className="text-right tabular-nums">{formatMoney(invoice.totalMinor, invoice.currency, locale)}</Td>
                <Td className="text-right tabular-nums">{formatMoney(invoice.amountRemainingMinor, invoice.currency, locale)}</Td>
                <Td className="text-xs text-zinc-600">
                  {invoice.dunning ? (
                    <>
                      {t('dunningState', { status: t(`dunningStatus.${invoice.dunning.status}`), failed: invoice.dunning.failedAttempts, max: invoice.dunning.maxAttempts })}
                      {invoice.dunning.status === 'active' && invoice.dunning.nextActionAt ? ` · ${t('nextRetry', { date: formatDate(invoice.dunning.nextActionAt, locale) })}` : ''}
                    </>
                  ) : (
                    '—'
                  )}
                </Td>
                <Td>{invoice.finalizedAt ? formatDate(invoice.finalizedAt, locale) : '—'}</Td>
                <Td className="py-1.5 text-right">
                  <InvoiceActions view={view} invoice={invoice} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

function Payments({ view }: { view: Customer360View }) {
  const t = useTranslations('support');
  const locale = useLocale();
  return (
    <Card title={t('view.payments')}>
      {view.payments.length === 0 ? (
        <p className="text-sm text-zinc-500">{t('view.noPayments')}</p>
      ) : (
        <Table caption={t('view.payments')}>
          <thead>
            <tr>
              <Th>{t('view.col.date')}</Th>
              <Th className="text-right">{t('view.col.amount')}</Th>
              <Th>{t('view.col.method')}</Th>
              <Th>{t('view.col.outcome')}</Th>
              <Th>{t('view.col.by')}</Th>
              <Th className="text-right">{t('view.col.actions')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {view.payments.map((payment) => (
              <tr key={payment.id} data-payment={payment.id}>
                <Td className="text-xs tabular-nums">
                  {formatDateTime(payment.createdAt, locale)}
                  <span className="block font-mono text-zinc-500">
                    {payment.invoiceNumber} #{payment.attempt}
                  </span>
                </Td>
                <Td className="text-right tabular-nums">
                  {formatMoney(payment.amountMinor, payment.currency, locale)}
                  {payment.amountRefundedMinor > 0n ? <span className="block text-xs text-zinc-500">{t('view.refunded', { amount: formatMoney(payment.amountRefundedMinor, payment.currency, locale) })}</span> : null}
                </Td>
                <Td>{payment.method ? `${methodName(payment.method)} •••• ${payment.method.last4 ?? ''}` : payment.gateway}</Td>
                <Td>
                  <Badge tone={payment.status === 'succeeded' ? 'success' : payment.status === 'failed' ? 'danger' : 'neutral'}>{t(`view.paymentStatus.${payment.status}`)}</Badge>
                  {payment.status === 'failed' ? (
                    <span className="block text-xs text-red-800" title={payment.declineCode ?? payment.failureCode ?? undefined}>
                      {declineText(t, payment.declineCode ?? payment.failureCode)}
                    </span>
                  ) : null}
                </Td>
                <Td className="text-xs text-zinc-600">{t(`view.initiatedBy.${payment.initiatedBy}`)}</Td>
                <Td className="py-1.5 text-right">
                  <RefundAction view={view} payment={payment} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

function Emails({ view }: { view: Customer360View }) {
  const t = useTranslations('support.view');
  const locale = useLocale();
  return (
    <Card title={t('emails')}>
      {view.emails.length === 0 ? (
        <p className="text-sm text-zinc-500">{t('noEmails')}</p>
      ) : (
        <Table caption={t('emails')}>
          <thead>
            <tr>
              <Th>{t('col.date')}</Th>
              <Th>{t('col.subject')}</Th>
              <Th>{t('col.to')}</Th>
              <Th>{t('col.status')}</Th>
              <Th className="text-right">{t('col.actions')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {view.emails.map((email) => (
              <tr key={email.id}>
                <Td className="text-xs tabular-nums">{formatDateTime(email.createdAt, locale)}</Td>
                <Td className="max-w-[22rem] truncate" title={email.subject}>
                  {email.subject}
                </Td>
                <Td className="text-xs">{email.toAddress}</Td>
                <Td className="text-xs text-zinc-600">{t(`emailStatus.${email.status}`)}</Td>
                <Td className="py-1.5 text-right">
                  <ResendAction view={view} email={email} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

function GatewayEvents({ view }: { view: Customer360View }) {
  const t = useTranslations('support.view');
  const locale = useLocale();
  return (
    <Card title={t('gatewayEvents')}>
      {view.gatewayEvents.length === 0 ? (
        <p className="text-sm text-zinc-500">{t('noGatewayEvents')}</p>
      ) : (
        <Table caption={t('gatewayEvents')}>
          <thead>
            <tr>
              <Th>{t('col.date')}</Th>
              <Th>{t('col.event')}</Th>
              <Th>{t('col.object')}</Th>
              <Th>{t('col.status')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {view.gatewayEvents.map((event) => (
              <tr key={event.id}>
                <Td className="text-xs tabular-nums">{formatDateTime(event.receivedAt, locale)}</Td>
                <Td className="font-mono text-xs">{event.type}</Td>
                <Td className="font-mono text-xs text-zinc-500">{event.objectId}</Td>
                <Td className="text-xs text-zinc-600" title={event.outcome ?? undefined}>
                  {event.status}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
