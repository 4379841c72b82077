import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { AuthFrame } from '@/components/sign-in/auth-frame';
import { StaffSignInForm } from '@/components/sign-in/staff-sign-in-form';
import { getViewer } from '@/server/auth/viewer';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Staff sign-in' };

export default async function StaffSignInPage() {
  const viewer = await getViewer();
  if (viewer?.kind === 'staff') redirect('/staff');
  const t = await getTranslations('staff');
  return (
    <AuthFrame brand={`Settle · ${t('title')}`}>
      <StaffSignInForm />
    </AuthFrame>
  );
}
