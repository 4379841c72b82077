import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CustomerSearch } from '@/components/staff/customer-search';

export const metadata: Metadata = { title: 'Customers' };

export default async function CustomersPage() {
  const t = await getTranslations('staff.customers');
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold tracking-tight">{t('title')}</h1>
      <CustomerSearch />
    </div>
  );
}
