import { getTranslations } from 'next-intl/server';
import { Badge } from '../ui/badge';
import { invoiceStatusTones } from './invoice-status-tones';

export async function InvoiceStatusBadge({ status }: { status: 'draft' | 'open' | 'paid' | 'void' | 'uncollectible' }) {
  const t = await getTranslations('invoiceStatus');
  return <Badge tone={invoiceStatusTones[status]}>{t(status)}</Badge>;
}
