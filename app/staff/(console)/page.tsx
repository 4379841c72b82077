import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { countryName, formatDate } from '@/components/format';
import { Card } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { requireStaff } from '@/server/auth/guards';
import { serverApi } from '@/server/trpc/server-caller';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Console' };

export default async function StaffOverviewPage() {
  await requireStaff(); // the layout's check runs in parallel with this page, not before it
  const [api, t, tc, locale] = await Promise.all([serverApi(), getTranslations('staff.overview'), getTranslations('staff.customers'), getLocale()]);
  const overview = await api.staff.overview();
  const stats = [
    [t('customers'), overview.customerCount],
    [t('contacts'), overview.contactCount],
    [t('staff'), overview.staffCount],
    [t('emails'), overview.outboxCount],
  ] as const;
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold tracking-tight">{t('title')}</h1>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {stats.map(([label, value]) => (
          <div key={label} className="rounded-xl border border-zinc-200 bg-white px-4 py-3 shadow-sm">
            <dt className="text-xs font-medium text-zinc-500">{label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{value.toLocaleString(locale)}</dd>
          </div>
        ))}
      </dl>
      <Card title={t('recentCustomers')}>
        <Table>
          <thead>
            <tr>
              <Th>{tc('name')}</Th>
              <Th>{tc('email')}</Th>
              <Th>{tc('country')}</Th>
              <Th>{tc('since')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {overview.newest.map((customer) => (
              <tr key={customer.id}>
                <Td>
                  <Link href={`/staff/customers/${customer.id}`} className="font-medium text-brand-700 hover:underline">
                    {customer.name}
                  </Link>
                </Td>
                <Td>{customer.email}</Td>
                <Td>{countryName(customer.country, locale)}</Td>
                <Td>{formatDate(customer.createdAt, locale)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </div>
  );
}
