import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format';
import { AuditEntries } from '@/components/staff/audit-entries';
import { ClockControls } from '@/components/staff/clock-controls';
import { PageHeader } from '@/components/staff/page-header';
import { Card } from '@/components/ui/card';
import { requireStaff } from '@/server/auth/guards';
import { serverApi } from '@/server/trpc/server-caller';

export const metadata: Metadata = { title: 'Simulation clock' };

export default async function ClockSettingsPage() {
  await requireStaff('admin');
  const [api, t, billing, common, audit, locale] = await Promise.all([
    serverApi(),
    getTranslations('staffAdmin.clock'),
    getTranslations('staff.billing'),
    getTranslations('staffAdmin.common'),
    getTranslations('staffAdmin.audit'),
    getLocale(),
  ]);
  // Advancing the clock already writes a "clock.advanced" audit row (server/clock/simulation.ts).
  const [clock, moves] = await Promise.all([api.staff.billing.clock(), api.staff.audit.list({ action: 'clock.advanced', limit: 5 })]);
  return (
    <div className="space-y-5">
      <PageHeader title={t('title')} intro={t('intro')} back={{ href: '/staff/settings', label: common('back') }} />
      <Card title={billing('clock')}>
        <p className="text-sm text-zinc-600">
          {clock.simulation ? billing('simulated') : billing('real')}{' '}
          <strong className="tabular-nums text-zinc-900" data-testid="billing-now">
            {formatDateTime(clock.now, locale)}
          </strong>
        </p>
        {clock.simulation ? (
          <div className="mt-3">
            <ClockControls />
          </div>
        ) : (
          <p className="mt-2 text-sm text-zinc-500">{t('off')}</p>
        )}
      </Card>
      {moves.data.length > 0 ? (
        <Card
          title={t('history')}
          action={
            <Link href="/staff/audit?action=clock.advanced" className="text-sm font-medium text-brand-700 hover:underline">
              {audit('title')}
            </Link>
          }
        >
          <AuditEntries entries={moves.data} locale={locale} />
        </Card>
      ) : null}
    </div>
  );
}
