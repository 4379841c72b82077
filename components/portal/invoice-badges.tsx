'use client';
// The status of an invoice as a customer reads it: its state, plus "processing" while a payment
// is on its way and "overdue" once past its due date.
import { useTranslations } from 'next-intl';
import { Badge, type BadgeTone } from '../ui/badge';

const tones: Record<string, BadgeTone> = { draft: 'neutral', open: 'info', paid: 'success', void: 'neutral', uncollectible: 'danger' };

export function InvoiceBadges({ status, overdue, paymentInFlight }: { status: string; overdue: boolean; paymentInFlight: 'processing' | 'requires_action' | null }) {
  const t = useTranslations('portalInvoices');
  const tStatus = useTranslations('invoiceStatus');
  return (
    <span className="inline-flex flex-wrap items-center justify-end gap-1.5">
      <Badge tone={tones[status] ?? 'neutral'}>{tStatus(status as 'open')}</Badge>
      {paymentInFlight === 'processing' ? <Badge tone="warning">{t('processing')}</Badge> : null}
      {paymentInFlight === 'requires_action' ? <Badge tone="warning">{t('awaitingAuthentication')}</Badge> : null}
      {overdue && !paymentInFlight ? <Badge tone="danger">{t('overdue')}</Badge> : null}
    </span>
  );
}
