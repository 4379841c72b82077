'use server';
// Server actions shared by both shells: language choice and sign-out.
import { cookies } from 'next/headers';
import { setUserLocale } from '@/server/auth/users';
import { getViewer } from '@/server/auth/viewer';
import { signOut } from '@/server/auth/nextauth';
import { getDb } from '@/server/database';
import { isLocale, localeCookie } from '@/server/i18n/locale';

export async function setLocaleAction(locale: string) {
  if (!isLocale(locale)) return;
  (await cookies()).set(localeCookie, locale, { path: '/', maxAge: 365 * 24 * 60 * 60, sameSite: 'lax' });
  const viewer = await getViewer();
  if (viewer) await setUserLocale(await getDb(), viewer.userId, locale);
}

export async function signOutAction() {
  const viewer = await getViewer();
  await signOut({ redirectTo: viewer?.kind === 'staff' ? '/staff/sign-in' : '/sign-in' });
}
