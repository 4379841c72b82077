import { TRPCError } from '@trpc/server';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { countryName, formatDate, formatMoney } from '@/components/format';
import { InvoiceStatusBadge } from '@/components/staff/invoice-status-badge';
import { Badge } from '@/components/ui/badge';
import { Table, Td, Th } from '@/components/ui/table';
import { Card } from '@/components/ui/card';
import { requireStaff } from '@/server/auth/guards';
import { serverApi } from '@/server/trpc/server-caller';

export const metadata: Metadata = { title: 'Customer' };

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff(); // the layout's check runs in parallel with this page, not before it
  const { id } = await params;
  const [api, t, tc, tb, ts, locale] = await Promise.all([serverApi(), getTranslations('staff.customers'), getTranslations('common'), getTranslations('staff.billing'), getTranslations('subscriptionStatus'), getLocale()]);
  const data = await api.staff.customers.get({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const { customer, contacts } = data;
  const billing = await api.staff.billing.customerBilling({ customerId: id });
  return (
    <div className="space-y-6">
      <div>
        <Link href="/staff/customers" className="text-sm text-brand-700 hover:underline">
          ← {tc('back')}
        </Link>
        <h1 className="mt-2 text-xl font-semibold tracking-tight">{customer.name}</h1>
        <p className="text-sm text-zinc-500">{customer.id}</p>
      </div>
      <div className="grid gap-6 md:grid-cols-2">
        <Card title={t('details')}>
          <dl className="grid grid-cols-2 gap-4 text-sm">
            <div>
              <dt className="text-zinc-500">{t('email')}</dt>
              <dd className="break-all">{customer.email}</dd>
            </div>
            <div>
              <dt className="text-zinc-500">{t('country')}</dt>
              <dd>{countryName(customer.country, locale)}</dd>
            </div>
            <div>
              <dt className="text-zinc-500">{t('currency')}</dt>
              <dd>{customer.currency}</dd>
            </div>
            <div>
              <dt className="text-zinc-500">{t('since')}</dt>
              <dd>{formatDate(customer.createdAt, locale)}</dd>
            </div>
          </dl>
        </Card>
        <Card title={t('contacts')}>
          <ul className="divide-y divide-zinc-100 text-sm">
            {contacts.map((contact) => (
              <li key={contact.id} className="py-2">
                <p className="font-medium">{contact.name ?? contact.email}</p>
                <p className="text-zinc-500">{contact.email}</p>
              </li>
            ))}
          </ul>
        </Card>
      </div>
      <Card title={t('subscriptions')}>
        {billing.subscriptions.length === 0 ? (
          <p className="text-sm text-zinc-500">{t('noSubscriptions')}</p>
        ) : (
          <ul className="divide-y divide-zinc-100 text-sm">
            {billing.subscriptions.map((subscription) => (
              <li key={subscription.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span className="font-mono text-xs text-zinc-500">{subscription.id}</span>
                <span>
                  {formatDate(subscription.currentPeriodStart, locale)} – {formatDate(subscription.currentPeriodEnd, locale)}
                </span>
                <Badge tone={subscription.status === 'active' ? 'success' : subscription.status === 'canceled' ? 'neutral' : 'info'}>{ts(subscription.status)}</Badge>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t('invoices')}>
        <Table caption={t('invoices')}>
          <thead>
            <tr>
              <Th>{tb('number')}</Th>
              <Th>{tb('status')}</Th>
              <Th className="text-right">{tb('total')}</Th>
              <Th>{tb('issued')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {billing.invoices.map((invoice) => (
              <tr key={invoice.id}>
                <Td className="font-mono text-xs">{invoice.number ?? '—'}</Td>
                <Td>
                  <InvoiceStatusBadge status={invoice.status} />
                </Td>
                <Td className="text-right tabular-nums">{formatMoney(invoice.totalMinor, invoice.currency, locale)}</Td>
                <Td>{formatDate(invoice.createdAt, locale)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </div>
  );
}