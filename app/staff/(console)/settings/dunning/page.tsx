import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { DunningPolicyForm } from '@/components/staff/dunning-policy-form';
import { requireStaff } from '@/server/auth/guards';
import { serverApi } from '@/server/trpc/server-caller';

export const metadata: Metadata = { title: 'Dunning policy' };

export default async function DunningPolicyPage() {
  await requireStaff('admin');
  const [api, t] = await Promise.all([serverApi(), getTranslations('dunningPolicy')]);
  const policy = await api.staff.dunningPolicy.get();
  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">{t('title')}</h1>
        <p className="mt-1 text-sm text-zinc-500">{t('intro')}</p>
      </div>
      <DunningPolicyForm initial={policy} />
    </div>
  );
}
