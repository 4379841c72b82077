import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PaymentMethods } from '@/components/portal/payment-methods';
import { requireCustomer } from '@/server/auth/guards';
import { serverApi } from '@/server/trpc/server-caller';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Payment methods' };

export default async function PaymentMethodsPage() {
  await requireCustomer();
  const [api, t] = await Promise.all([serverApi(), getTranslations('paymentMethods')]);
  const [methods, account] = await Promise.all([api.portal.paymentMethods.list(), api.portal.account()]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{t('title')}</h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600">{t('intro')}</p>
      </div>
      <PaymentMethods merchantName={account.merchant.name} initialMethods={methods} />
    </div>
  );
}
