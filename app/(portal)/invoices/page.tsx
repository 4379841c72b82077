import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { InvoiceList, invoiceFilterStatuses } from '@/components/portal/invoice-list';
import { requireCustomer } from '@/server/auth/guards';
import { serverApi } from '@/server/trpc/server-caller';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('portalInvoices'))('title') };
}

type Status = (typeof invoiceFilterStatuses)[number];

export default async function InvoicesPage({ searchParams }: { searchParams: Promise<{ status?: string | string[] }> }) {
  await requireCustomer();
  const [api, t, params] = await Promise.all([serverApi(), getTranslations('portalInvoices'), searchParams]);
  const requested = typeof params.status === 'string' ? params.status : null;
  const status = requested && (invoiceFilterStatuses as readonly string[]).includes(requested) ? (requested as Status) : null;
  const firstPage = await api.portal.invoices.list({ status: status ?? undefined, limit: 20 });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{t('title')}</h1>
        <p className="mt-1 text-sm text-zinc-600">{t('intro')}</p>
      </div>
      <InvoiceList initialStatus={status} initialPage={firstPage} />
    </div>
  );
}
