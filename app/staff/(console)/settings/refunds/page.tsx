import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { RefundLimits } from '@/components/staff/support/refund-limits';
import { requireStaff } from '@/server/auth/guards';

export const metadata: Metadata = { title: 'Refund limits' };

export default async function RefundLimitsPage() {
  await requireStaff('admin'); // the layout's check runs in parallel with this page, not before it
  const t = await getTranslations('support.refundLimits');
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold tracking-tight">{t('title')}</h1>
      <RefundLimits />
    </div>
  );
}
