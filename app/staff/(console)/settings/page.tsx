import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/staff/page-header';
import { requireStaff } from '@/server/auth/guards';

export const metadata: Metadata = { title: 'Settings' };

// Dunning policy and the support refund limit are built beside this page; they are linked here.
const sections = [
  { key: 'merchant', href: '/staff/settings/merchant' },
  { key: 'numbering', href: '/staff/settings/merchant#numbering' },
  { key: 'taxes', href: '/staff/settings/merchant#taxes' },
  { key: 'dunning', href: '/staff/settings/dunning' },
  { key: 'refunds', href: '/staff/settings/refunds' },
  { key: 'staff', href: '/staff/settings/staff' },
  { key: 'apiKeys', href: '/staff/api-keys' },
  { key: 'clock', href: '/staff/settings/clock' },
  { key: 'audit', href: '/staff/audit' },
] as const;

export default async function SettingsPage() {
  await requireStaff('admin');
  const t = await getTranslations('staffAdmin.settings');
  return (
    <div className="space-y-5">
      <PageHeader title={t('title')} intro={t('intro')} />
      <ul className="grid gap-px overflow-hidden rounded-xl border border-zinc-200 bg-zinc-200 sm:grid-cols-2 lg:grid-cols-3">
        {sections.map((section) => (
          <li key={section.key} className="bg-white">
            <Link href={section.href} className="block h-full px-4 py-3 hover:bg-zinc-50 focus-visible:bg-zinc-50">
              <span className="block text-sm font-semibold text-brand-700">{t(section.key)}</span>
              <span className="mt-0.5 block text-sm text-zinc-500">{t(`${section.key}Hint`)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
