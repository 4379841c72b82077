import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { BillingDetailsForm } from '@/components/portal/billing-details-form';
import { requireCustomer } from '@/server/auth/guards';
import { serverApi } from '@/server/trpc/server-caller';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Billing details' };

export default async function BillingDetailsPage() {
  await requireCustomer();
  const [api, t] = await Promise.all([serverApi(), getTranslations('billingDetails')]);
  const details = await api.portal.billingDetails.get();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{t('title')}</h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600">{t('intro')}</p>
      </div>
      <BillingDetailsForm initial={details} />
    </div>
  );
}
