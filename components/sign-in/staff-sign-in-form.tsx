'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Button } from '../ui/button';
import { Input } from '../ui/field';
import { postAuthForm } from './auth-request';

export function StaffSignInForm() {
  const t = useTranslations('staffSignIn');
  const tCommon = useTranslations('signIn');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSubmitting(true);
    setError(null);
    const result = await postAuthForm('/api/auth/callback/credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      callbackUrl: '/staff',
    });
    if (result.kind === 'redirect') {
      window.location.assign(result.url);
      return;
    }
    setSubmitting(false);
    setError(result.kind === 'rate_limited' ? tCommon('rateLimited') : result.kind === 'refused' ? t('invalid') : tCommon('failed'));
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{t('title')}</h1>
        <p className="mt-2 text-sm text-zinc-600">{t('subtitle')}</p>
      </div>
      {error ? (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <Input label={t('email')} type="email" name="email" autoComplete="username" required />
      <Input label={t('password')} type="password" name="password" autoComplete="current-password" required />
      <Button type="submit" disabled={submitting} className="w-full">
        {submitting ? t('submitting') : t('submit')}
      </Button>
      <p className="text-center text-sm">
        <Link href="/sign-in" className="font-medium text-brand-700 hover:underline">
          {t('customerLink')}
        </Link>
      </p>
    </form>
  );
}
