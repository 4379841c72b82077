import { getTranslations } from 'next-intl/server';
import { Badge, type BadgeTone } from '../ui/badge';

const tones: Record<string, BadgeTone> = { draft: 'neutral', open: 'info', paid: 'success', void: 'neutral', uncollectible: 'danger' };

export async function InvoiceStatusBadge({ status }: { status: 'draft' | 'open' | 'paid' | 'void' | 'uncollectible' }) {
  const t = await getTranslations('invoiceStatus');
  return <Badge tone={tones[status]}>{t(status)}</Badge>;
}
