import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { LocaleSwitcher } from '@/components/shell/locale-switcher';
import { NavLink } from '@/components/shell/nav-link';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { SkipLink } from '@/components/shell/skip-link';
import { requireStaff } from '@/server/auth/guards';

export const dynamic = 'force-dynamic';

export default async function StaffLayout({ children }: { children: ReactNode }) {
  const viewer = await requireStaff();
  const [t, admin, tReports] = await Promise.all([getTranslations('staff'), getTranslations('staffAdmin.nav'), getTranslations('staffReports')]);
  const links = [
    { href: '/staff', label: t('nav.overview'), exact: true },
    { href: '/staff/customers', label: t('nav.customers') },
    { href: '/staff/billing', label: t('nav.billing') },
    ...(viewer.role === 'finance' || viewer.role === 'admin' ? [{ href: '/staff/reports', label: tReports('nav') }] : []),
    ...(viewer.role === 'admin'
      ? [
          { href: '/staff/mailbox', label: t('nav.mailbox') },
          { href: '/staff/api-keys', label: t('nav.apiKeys') },
          { href: '/staff/audit', label: admin('audit') },
          { href: '/staff/settings', label: admin('settings') },
        ]
      : []),
  ];
  return (
    <div className="min-h-dvh lg:flex">
      <SkipLink />
      <aside className="bg-zinc-900 text-zinc-100 lg:sticky lg:top-0 lg:flex lg:h-dvh lg:w-60 lg:shrink-0 lg:flex-col">
        <div className="flex items-center justify-between gap-3 px-4 py-3 lg:block lg:px-5 lg:py-5">
          <p className="text-base font-bold tracking-tight">
            Settle <span className="font-normal text-zinc-400">· {t('title')}</span>
          </p>
          <p className="hidden truncate text-xs text-zinc-400 lg:mt-1 lg:block" title={viewer.email}>
            {viewer.email} · {t(`role.${viewer.role}`)}
          </p>
        </div>
        <nav aria-label="Console" className="flex gap-1 overflow-x-auto px-3 pb-2 lg:flex-1 lg:flex-col lg:overflow-visible lg:pb-0">
          {links.map((link) => (
            <NavLink key={link.href} href={link.href} tone="dark" exact={link.exact}>
              {link.label}
            </NavLink>
          ))}
        </nav>
        <div className="hidden flex-wrap items-center gap-2 border-t border-zinc-800 px-4 py-3 lg:flex">
          <LocaleSwitcher tone="dark" />
          <SignOutButton tone="dark" />
        </div>
      </aside>
      <div className="min-w-0 flex-1">
        <div className="flex items-center justify-end gap-2 border-b border-zinc-200 bg-white px-4 py-2 lg:hidden">
          <span className="mr-auto truncate text-xs text-zinc-500">
            {viewer.email} · {t(`role.${viewer.role}`)}
          </span>
          <LocaleSwitcher />
          <SignOutButton />
        </div>
        <main id="main" className="mx-auto max-w-6xl px-4 py-6 lg:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}
