import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function Forbidden() {
  const t = await getTranslations('errors');
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-6">
      <p className="text-sm font-semibold text-brand-700">403</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">{t('forbiddenTitle')}</h1>
      <p className="mt-2 text-sm text-zinc-600">{t('forbiddenBody')}</p>
      <Link href="/" className="mt-6 text-sm font-medium text-brand-700 hover:underline">
        {t('home')}
      </Link>
    </main>
  );
}
