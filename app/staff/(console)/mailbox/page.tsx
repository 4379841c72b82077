import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format';
import { MailStatusBadge } from '@/components/staff/status-badge';
import { Card, EmptyState } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { requireStaff } from '@/server/auth/guards';
import { serverApi } from '@/server/trpc/server-caller';

export const metadata: Metadata = { title: 'Mailbox' };

export default async function MailboxPage() {
  await requireStaff('admin');
  const [api, t, locale] = await Promise.all([serverApi(), getTranslations('staff.mailbox'), getLocale()]);
  const messages = await api.staff.mailbox.list({ limit: 200 });
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">{t('title')}</h1>
        <p className="mt-1 text-sm text-zinc-500">{t('intro')}</p>
      </div>
      {messages.length === 0 ? (
        <EmptyState title={t('empty')} />
      ) : (
        <Card>
          <Table caption={t('title')}>
            <thead>
              <tr>
                <Th>{t('subject')}</Th>
                <Th>{t('to')}</Th>
                <Th>{t('status')}</Th>
                <Th>{t('sent')}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {messages.map((message) => (
                <tr key={message.id}>
                  <Td>
                    <Link href={`/staff/mailbox/${message.id}`} className="font-medium text-brand-700 hover:underline">
                      {message.subject}
                    </Link>
                  </Td>
                  <Td>{message.toAddress}</Td>
                  <Td>
                    <MailStatusBadge status={message.status} />
                  </Td>
                  <Td>{formatDateTime(message.createdAt, locale)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
    </div>
  );
}
