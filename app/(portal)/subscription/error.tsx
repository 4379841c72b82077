'use client';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';

// A failure to load the page (not a refusal of a change, which the form shows by its field).
export default function SubscriptionError({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations('subscription');
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{t('title')}</h1>
      <div role="alert" className="rounded-xl border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
        {t('loadError')}
      </div>
      <Button variant="secondary" onClick={reset}>
        {t('retry')}
      </Button>
    </div>
  );
}
