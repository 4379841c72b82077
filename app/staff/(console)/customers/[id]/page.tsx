import { TRPCError } from '@trpc/server';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Customer360 } from '@/components/staff/support/customer-360';
import { requireStaff } from '@/server/auth/guards';
import { serverApi } from '@/server/trpc/server-caller';

export const metadata: Metadata = { title: 'Customer' };

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff(); // the layout's check runs in parallel with this page, not before it
  const { id } = await params;
  const api = await serverApi();
  const view = await api.staff.support.view({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  return <Customer360 initial={view} />;
}
