import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AuthFrame } from '@/components/sign-in/auth-frame';
import { getDb } from '@/server/database';
import { getMerchant } from '@/server/merchant';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Check your inbox' };

export default async function CheckEmailPage() {
  const t = await getTranslations('signIn');
  const merchant = await getMerchant(await getDb());
  return (
    <AuthFrame brand={merchant.name}>
      <div className="space-y-4">
        <div aria-hidden className="flex size-11 items-center justify-center rounded-full bg-brand-50 text-xl">✉</div>
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{t('checkTitle')}</h1>
        <p className="text-sm leading-6 text-zinc-600">{t('checkBody')}</p>
        <Link href="/sign-in" className="inline-block text-sm font-medium text-brand-700 hover:underline">
          {t('checkAgain')}
        </Link>
      </div>
    </AuthFrame>
  );
}
