import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { countryName, currencyName, formatDate } from '@/components/format';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { serverApi } from '@/server/trpc/server-caller';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Overview' };

export default async function PortalOverviewPage() {
  const [api, t, locale] = await Promise.all([serverApi(), getTranslations('portal'), getLocale()]);
  const { customer, contacts, merchant, viewer } = await api.portal.account();
  const facts: Array<[string, string]> = [
    [t('accountName'), customer.name],
    [t('billingEmail'), customer.email],
    [t('currency'), `${currencyName(customer.currency, locale)} (${customer.currency})`],
    [t('country'), countryName(customer.country, locale)],
    [t('customerSince'), formatDate(customer.createdAt, locale)],
  ];
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{t('greeting', { name: viewer.name ?? customer.name })}</h1>
        <p className="mt-1 text-sm text-zinc-600">{t('intro', { merchant: merchant.name })}</p>
      </div>
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
