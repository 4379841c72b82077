'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Button } from '../ui/button';
import { Input } from '../ui/field';
import { postAuthForm } from './auth-request';

export function CustomerSignInForm({ linkInvalid }: { linkInvalid: boolean }) {
  const t = useTranslations('signIn');
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(linkInvalid ? t('linkInvalid') : null);
  const [sending, setSending] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
      setError(t('invalidEmail'));
      return;
    }
    setSending(true);
    setError(null);
    const result = await postAuthForm('/api/auth/signin/email', { email: email.trim(), callbackUrl: '/' });
    if (result.kind === 'redirect') {
      window.location.assign(result.url);
      return;
    }
    setSending(false);
    setError(result.kind === 'rate_limited' ? t('rateLimited') : t('failed'));
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{t('title')}</h1>
        <p className="mt-2 text-sm leading-6 text-zinc-600">{t('subtitle')}</p>
      </div>
      <Input label={t('email')} type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={error} />
      <Button type="submit" disabled={sending} className="w-full">
        {sending ? t('sending') : t('submit')}
      </Button>
      <p className="text-center text-sm">
        <Link href="/staff/sign-in" className="font-medium text-brand-700 hover:underline">
          {t('staffLink')}
        </Link>
      </p>
    </form>
  );
}
