import { getTranslations } from 'next-intl/server';

// Shown while the subscriptions and their next invoices are computed.
export default async function SubscriptionLoading() {
  const t = await getTranslations('subscription');
  return (
    <div className="space-y-6" aria-busy="true">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{t('title')}</h1>
        <p className="mt-1 text-sm text-zinc-600">{t('loading')}</p>
      </div>
      <div className="h-64 animate-pulse rounded-xl border border-zinc-200 bg-white" />
    </div>
  );
}
