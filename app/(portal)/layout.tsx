import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { LocaleSwitcher } from '@/components/shell/locale-switcher';
import { NavLink } from '@/components/shell/nav-link';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { SkipLink } from '@/components/shell/skip-link';
import { requireCustomer } from '@/server/auth/guards';
import { getDb } from '@/server/database';
import { getMerchant } from '@/server/merchant';

export const dynamic = 'force-dynamic';

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const viewer = await requireCustomer();
  const t = await getTranslations('portal');
  const [tMethods, tDetails, tInvoices, tSubscription, tReceipts] = await Promise.all([getTranslations('paymentMethods'), getTranslations('billingDetails'), getTranslations('portalInvoices'), getTranslations('subscription'), getTranslations('receipts')]);
  const merchant = await getMerchant(await getDb());
  return (
    <div className="min-h-dvh">
      <SkipLink />
      <header className="border-b border-zinc-200 bg-white print:hidden">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
          <div className="flex min-w-0 items-center gap-2">
            <span aria-hidden className="size-3 shrink-0 rounded-full" style={{ background: merchant.brandColor }} />
            <span className="truncate text-base font-bold tracking-tight">{merchant.name}</span>
          </div>
          <div className="flex items-center gap-1">
            <span className="hidden max-w-64 truncate px-2 lg:max-w-80 text-sm text-zinc-500 md:inline">{viewer.email}</span>
            <LocaleSwitcher />
            <SignOutButton />
          </div>
        </div>
        <nav aria-label="Portal" className="mx-auto flex max-w-5xl gap-1 overflow-x-auto px-4 pb-2 sm:px-6">
          <NavLink href="/" exact>
            {t('nav.overview')}
          </NavLink>
          <NavLink href="/invoices">{tInvoices('nav')}</NavLink>
          <NavLink href="/receipts">{tReceipts('nav')}</NavLink>
          <NavLink href="/subscription">{tSubscription('nav')}</NavLink>
          <NavLink href="/payment-methods">{tMethods('nav')}</NavLink>
          <NavLink href="/billing-details">{tDetails('nav')}</NavLink>
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 py-6 sm:px-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}
