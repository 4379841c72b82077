import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { CustomerSignInForm } from '@/components/sign-in/customer-sign-in-form';
import { AuthFrame } from '@/components/sign-in/auth-frame';
import { getViewer } from '@/server/auth/viewer';
import { getDb } from '@/server/database';
import { getMerchant } from '@/server/merchant';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const viewer = await getViewer();
  if (viewer) redirect(viewer.kind === 'staff' ? '/staff' : '/');
  const { error } = await searchParams;
  const merchant = await getMerchant(await getDb());
  return (
    <AuthFrame brand={merchant.name}>
      <CustomerSignInForm linkInvalid={Boolean(error)} />
    </AuthFrame>
  );
}
