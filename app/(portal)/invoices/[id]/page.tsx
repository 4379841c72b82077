import { TRPCError } from '@trpc/server';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { InvoiceDetail } from '@/components/portal/invoice-detail';
import { requireCustomer } from '@/server/auth/guards';
import { serverApi } from '@/server/trpc/server-caller';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('portalInvoices'))('title') };
}

export default async function InvoicePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ payment?: string | string[] }> }) {
  await requireCustomer();
  const [api, { id }, query] = await Promise.all([serverApi(), params, searchParams]);
  // Another customer's invoice is "not found", exactly like one that does not exist.
  const invoice = await api.portal.invoices.get({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  });
  const { merchant } = await api.portal.account();
  return <InvoiceDetail initial={invoice} merchantName={merchant.name} returnedFromBank={query.payment !== undefined} />;
}
