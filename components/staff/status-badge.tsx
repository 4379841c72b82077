import { getTranslations } from 'next-intl/server';
import { Badge, type BadgeTone } from '../ui/badge';

const tones: Record<string, BadgeTone> = { stored: 'info', queued: 'warning', sent: 'success', failed: 'danger' };

export async function MailStatusBadge({ status }: { status: 'stored' | 'queued' | 'sent' | 'failed' }) {
  const t = await getTranslations('staff.mailbox.statuses');
  return <Badge tone={tones[status]}>{t(status)}</Badge>;
}
