import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDate, formatDateTime, formatMoney } from '@/components/format';
import { ClockControls } from '@/components/staff/clock-controls';
import { InvoiceStatusBadge } from '@/components/staff/invoice-status-badge';
import { Card, EmptyState } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { requireStaff } from '@/server/auth/guards';
import { serverApi } from '@/server/trpc/server-caller';

export const metadata: Metadata = { title: 'Billing' };

export default async function BillingPage() {
  const viewer = await requireStaff();
  const [api, t, locale] = await Promise.all([serverApi(), getTranslations('staff.billing'), getLocale()]);
  const [clock, invoices] = await Promise.all([api.staff.billing.clock(), api.staff.billing.recentInvoices({ limit: 25 })]);
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold tracking-tight">{t('title')}</h1>
      <Card title={t('clock')}>
        <p className="text-sm text-zinc-600">
          {clock.simulation ? t('simulated') : t('real')} <strong className="tabular-nums text-zinc-900" data-testid="billing-now">{formatDateTime(clock.now, locale)}</strong>
        </p>
        {clock.simulation && viewer.role === 'admin' ? (
          <div className="mt-3">
            <p className="mb-2 text-sm text-zinc-500">{t('advanceHint')}</p>
            <ClockControls />
          </div>
        ) : null}
      </Card>
      <Card title={t('recent')}>
        {invoices.length === 0 ? (
          <EmptyState title={t('noInvoices')} />
        ) : (
          <Table caption={t('recent')}>
            <thead>
              <tr>
                <Th>{t('number')}</Th>
                <Th>{t('customer')}</Th>
                <Th>{t('status')}</Th>
                <Th className="text-right">{t('total')}</Th>
                <Th>{t('period')}</Th>
                <Th>{t('issued')}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {invoices.map((invoice) => (
                <tr key={invoice.id}>
                  <Td className="font-mono text-xs">{invoice.number ?? '—'}</Td>
                  <Td>
                    <Link href={`/staff/customers/${invoice.customerId}`} className="font-medium text-brand-700 hover:underline">
                      {invoice.customerName}
                    </Link>
                  </Td>
                  <Td>
                    <InvoiceStatusBadge status={invoice.status} />
                  </Td>
                  <Td className="text-right tabular-nums">{formatMoney(invoice.totalMinor, invoice.currency, locale)}</Td>
                  <Td>{invoice.periodStart && invoice.periodEnd ? `${formatDate(invoice.periodStart, locale)} – ${formatDate(invoice.periodEnd, locale)}` : '—'}</Td>
                  <Td>{formatDate(invoice.createdAt, locale)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}
