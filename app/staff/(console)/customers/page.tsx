import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CustomerSearch } from '@/components/staff/customer-search';
import { requireStaff } from '@/server/auth/guards';

export const metadata: Metadata = { title: 'Customers' };

export default async function CustomersPage() {
  await requireStaff(); // the layout's check runs in parallel with this page, not before it
  const t = await getTranslations('staff.customers');
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold tracking-tight">{t('title')}</h1>
      <CustomerSearch />
    </div>
  );
}
