import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { countryName, currencyName, formatDate, formatMoney } from '@/components/format';
import { OverviewAlerts } from '@/components/portal/overview-alerts';
import { paymentMethodLabel } from '@/components/portal/payment-method-label';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { requireCustomer } from '@/server/auth/guards';
import { serverApi } from '@/server/trpc/server-caller';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Overview' };

const linkClass = 'text-sm font-medium text-brand-700 underline-offset-2 hover:underline';

export default async function PortalOverviewPage() {
  await requireCustomer();
  const [api, t, o, locale] = await Promise.all([serverApi(), getTranslations('portal'), getTranslations('overview'), getLocale()]);
  const [{ customer, contacts, merchant, viewer }, overview] = await Promise.all([api.portal.account(), api.portal.overview()]);
  const money = (amount: bigint) => formatMoney(amount, overview.currency, locale);
  const facts: Array<[string, string]> = [
    [t('accountName'), customer.name],
    [t('billingEmail'), customer.email],
    [t('currency'), `${currencyName(customer.currency, locale)} (${customer.currency})`],
    [t('country'), countryName(customer.country, locale)],
    [t('customerSince'), formatDate(customer.createdAt, locale)],
  ];
  const method = overview.defaultPaymentMethod;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{t('greeting', { name: viewer.name ?? customer.name })}</h1>
        <p className="mt-1 text-sm text-zinc-600">{t('intro', { merchant: merchant.name })}</p>
      </div>

      <OverviewAlerts alerts={overview.alerts} currency={overview.currency} />

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Card title={o('balanceDue')}>
          <p className="text-2xl font-semibold tabular-nums text-zinc-900" data-testid="balance-due">
            {money(overview.balanceDue.amountMinor)}
          </p>
          <p className="mt-1 text-sm text-zinc-600">{o('openInvoices', { count: overview.balanceDue.invoiceCount })}</p>
          <Link href="/invoices" className={`${linkClass} mt-2 inline-block`}>
            {o('viewInvoices')}
          </Link>
        </Card>
        <Card title={o('nextInvoice')}>
          {overview.nextInvoice ? (
            <>
              <p className="text-2xl font-semibold tabular-nums text-zinc-900" data-testid="next-invoice-amount">
                {money(overview.nextInvoice.totalMinor)}
              </p>
              <p className="mt-1 text-sm text-zinc-600">{o('nextInvoiceOn', { date: formatDate(overview.nextInvoice.date, locale) })}</p>
            </>
          ) : (
            <p className="text-sm text-zinc-600">{o('noNextInvoice')}</p>
          )}
        </Card>
        <Card title={o('creditBalance')}>
          <p className="text-2xl font-semibold tabular-nums text-zinc-900" data-testid="credit-balance">
            {money(overview.creditBalanceMinor)}
          </p>
          <p className="mt-1 text-sm text-zinc-600">{o('creditHint')}</p>
        </Card>
        <Card title={o('paymentMethod')}>
          {method ? (
            <>
              <p className="text-sm font-medium text-zinc-900">{paymentMethodLabel(method, o)}</p>
              {method.expMonth && method.expYear ? (
                <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-zinc-600">
                  {o('expires', { month: `${String(method.expMonth).padStart(2, '0')}/${method.expYear}` })}
                  {method.expiry !== 'ok' ? <Badge tone={method.expiry === 'expired' ? 'danger' : 'warning'}>{o(method.expiry === 'expired' ? 'expired' : 'expiresSoon')}</Badge> : null}
                </p>
              ) : null}
              <Link href="/payment-methods" className={`${linkClass} mt-2 inline-block`}>
                {o('managePaymentMethods')}
              </Link>
            </>
          ) : (
            <>
              <p className="text-sm text-zinc-600">{o('noPaymentMethod')}</p>
              <Link href="/payment-methods" className={`${linkClass} mt-2 inline-block`}>
                {o('addPaymentMethod')}
              </Link>
            </>
          )}
        </Card>
      </div>

      <Card title={o('plan')} action={<Link href="/subscription" className={linkClass}>{o('manageSubscription')}</Link>}>
        {overview.plans.length === 0 ? (
          <p className="text-sm text-zinc-600">{o('noPlan')}</p>
        ) : (
          <ul className="divide-y divide-zinc-100" data-testid="plans">
            {overview.plans.map((plan) => (
              <li key={plan.subscriptionId} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2.5">
                <span className="min-w-0 text-sm font-medium text-zinc-900">{plan.names.join(' + ')}</span>
                <span className="text-sm text-zinc-600">
                  {plan.endsAt
                    ? o('endsOn', { date: formatDate(plan.endsAt, locale) })
                    : plan.trialEnd
                      ? o('trialEnds', { date: formatDate(plan.trialEnd, locale) })
                      : plan.renewsAt
                        ? o('renewsOn', { date: formatDate(plan.renewsAt, locale) })
                        : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={t('account')} className="lg:col-span-2">
          <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
            {facts.map(([label, value]) => (
              <div key={label} className="min-w-0">
                <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</dt>
                <dd className="mt-1 truncate text-sm text-zinc-900">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title={t('help')}>
          <p className="text-sm leading-6 text-zinc-600">{t('helpBody')}</p>
          <a href={`mailto:${merchant.supportEmail}`} className="mt-3 inline-block break-all text-sm font-medium text-brand-700 hover:underline">
            {merchant.supportEmail}
          </a>
        </Card>
      </div>
      <Card title={t('contacts')}>
        <p className="mb-3 text-sm text-zinc-500">{t('contactsHint')}</p>
        <ul className="divide-y divide-zinc-100">
          {contacts.map((contact) => (
            <li key={contact.id} className="flex flex-wrap items-center justify-between gap-2 py-2.5">
              <div className="min-w-0">
                <p className="truncate text-sm font-medium text-zinc-900">{contact.name ?? contact.email}</p>
                <p className="truncate text-sm text-zinc-500">{contact.email}</p>
              </div>
              {contact.email === viewer.email ? <Badge tone="info">{t('you')}</Badge> : null}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
