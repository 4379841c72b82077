import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ApiKeys } from '@/components/staff/api-keys';
import { requireStaff } from '@/server/auth/guards';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage() {
  await requireStaff('admin');
  const t = await getTranslations('staff.apiKeys');
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">{t('title')}</h1>
        <p className="mt-1 text-sm text-zinc-500">{t('intro')}</p>
      </div>
      <ApiKeys />
    </div>
  );
}
