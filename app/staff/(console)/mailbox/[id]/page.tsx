import { TRPCError } from '@trpc/server';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format';
import { MailStatusBadge } from '@/components/staff/status-badge';
import { Card } from '@/components/ui/card';
import { requireStaff } from '@/server/auth/guards';
import { serverApi } from '@/server/trpc/server-caller';

export const metadata: Metadata = { title: 'Message' };

export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff('admin');
  const { id } = await params;
  const [api, t, tc, ta, locale] = await Promise.all([serverApi(), getTranslations('staff.mailbox'), getTranslations('common'), getTranslations('mailAttachments'), getLocale()]);
  const message = await api.staff.mailbox.get({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  return (
    <div className="space-y-4">
      <Link href="/staff/mailbox" className="text-sm text-brand-700 hover:underline">
        ← {tc('back')}
      </Link>
      <h1 className="text-xl font-semibold tracking-tight">{message.subject}</h1>
      <dl className="grid gap-3 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-zinc-500">{t('to')}</dt>
          <dd className="break-all" data-testid="message-to">
            {message.toAddress}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">{t('status')}</dt>
          <dd>
            <MailStatusBadge status={message.status} />
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">{t('sent')}</dt>
          <dd>{formatDateTime(message.createdAt, locale)}</dd>
        </div>
        <div>
          <dt className="text-zinc-500">{t('attempts')}</dt>
          <dd>{message.attempts}</dd>
        </div>
        {message.lastError ? (
          <div className="sm:col-span-4">
            <dt className="text-zinc-500">{t('lastError')}</dt>
            <dd className="text-red-700">{message.lastError}</dd>
          </div>
        ) : null}
      </dl>
      {message.attachments.length ? (
        <Card title={ta('title')}>
          <ul className="divide-y divide-zinc-100 text-sm" data-testid="message-attachments">
            {message.attachments.map((file) => (
              <li key={file.position} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span className="break-all font-medium">{file.filename}</span>
                <span className="flex items-center gap-3 text-zinc-500">
                  {file.contentType} · {ta('size', { size: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(file.size / 1024) })}
                  <a href={`/staff/mailbox/${message.id}/attachments/${file.position}`} className="text-brand-700 hover:underline" target="_blank" rel="noreferrer">
                    {ta('open')}
                  </a>
                </span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card title={t('html')}>
        {/* The message is shown in a sandbox with no scripts, exactly as a mail client would. */}
        <iframe title={t('html')} sandbox="" srcDoc={message.html} className="h-[32rem] w-full rounded-lg border border-zinc-200 bg-white" />
      </Card>
      <Card title={t('text')}>
        <pre data-testid="message-text" className="overflow-x-auto whitespace-pre-wrap break-words text-sm text-zinc-800">
          {message.text}
        </pre>
      </Card>
    </div>
  );
}
