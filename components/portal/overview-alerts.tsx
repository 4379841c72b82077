// The overview's alerts: each says what happened and offers the one thing to do about it.
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDate, formatMoney } from '../format';
import { buttonClass } from '../ui/button';
import { cn } from '../ui/cn';
import { paymentMethodLabel } from './payment-method-label';

type Alert =
  | { kind: 'payment_failed'; invoiceId: string; invoiceNumber: string | null; amountMinor: bigint; declineCode: string | null }
  | { kind: 'overdue'; invoiceId: string; invoiceNumber: string | null; amountMinor: bigint; dueAt: Date }
  | { kind: 'overdue_many'; count: number; amountMinor: bigint; oldestDueAt: Date }
  | { kind: 'payment_processing'; invoiceId: string; invoiceNumber: string | null; amountMinor: bigint }
  | { kind: 'card_expiring'; paymentMethodId: string; brand: string | null; last4: string | null; expMonth: number | null; expYear: number | null; expired: boolean };

const tone = {
  danger: 'border-red-200 bg-red-50',
  warning: 'border-amber-200 bg-amber-50',
  info: 'border-brand-100 bg-brand-50',
} as const;

export async function OverviewAlerts({ alerts, currency }: { alerts: Alert[]; currency: string }) {
  if (alerts.length === 0) return null;
  const [t, o, locale] = await Promise.all([getTranslations('overview.alerts'), getTranslations('overview'), getLocale()]);
  const money = (amount: bigint) => formatMoney(amount, currency, locale);
  const monthOf = (month: number, year: number) =>
    new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 1)));
  return (
    <section aria-labelledby="alerts-title" className="space-y-2">
      <h2 id="alerts-title" className="text-sm font-semibold text-zinc-900">
        {o('attention')}
      </h2>
      <ul className="space-y-2">
        {alerts.map((alert) => {
          const key = alert.kind === 'card_expiring' ? `card-${alert.paymentMethodId}` : alert.kind === 'overdue_many' ? alert.kind : `${alert.kind}-${alert.invoiceId}`;
          const number = 'invoiceNumber' in alert ? (alert.invoiceNumber ?? '—') : '';
          let level: keyof typeof tone = 'warning';
          let message: string;
          let hint: string | null = null;
          let actions: Array<{ href: string; label: string; primary?: boolean }>;
          switch (alert.kind) {
            case 'payment_failed':
              level = 'danger';
              message = t('paymentFailed', { amount: money(alert.amountMinor), number });
              hint = t('paymentFailedHint');
              actions = [
                { href: `/invoices/${alert.invoiceId}`, label: t('payNow'), primary: true },
                { href: '/payment-methods', label: t('updateMethod') },
              ];
              break;
            case 'overdue':
              level = 'danger';
              message = t('overdue', { number, amount: money(alert.amountMinor), date: formatDate(alert.dueAt, locale) });
              actions = [{ href: `/invoices/${alert.invoiceId}`, label: t('viewInvoice'), primary: true }];
              break;
            case 'overdue_many':
              level = 'danger';
              message = t('overdueMany', { count: alert.count, amount: money(alert.amountMinor), date: formatDate(alert.oldestDueAt, locale) });
              actions = [{ href: '/invoices?status=open', label: t('viewOverdue'), primary: true }];
              break;
            case 'card_expiring': {
              const method = paymentMethodLabel({ type: 'card', brand: alert.brand, last4: alert.last4 }, o);
              message = alert.expired ? t('cardExpired', { method }) : t('cardExpiring', { method, month: alert.expMonth && alert.expYear ? monthOf(alert.expMonth, alert.expYear) : '' });
              hint = t('cardHint');
              actions = [{ href: '/payment-methods', label: t('replaceCard'), primary: true }];
              break;
            }
            case 'payment_processing':
              level = 'info';
              message = t('processing', { amount: money(alert.amountMinor), number });
              hint = t('processingHint');
              actions = [{ href: `/invoices/${alert.invoiceId}`, label: t('seeInvoice') }];
              break;
          }
          return (
            <li key={key} className={cn('flex flex-col gap-3 rounded-xl border px-4 py-3 sm:flex-row sm:items-center sm:justify-between', tone[level])} data-testid={`alert-${alert.kind}`}>
              <div className="min-w-0 text-sm">
                <p className="font-semibold text-zinc-900">{message}</p>
                {hint ? <p className="mt-0.5 text-zinc-700">{hint}</p> : null}
              </div>
              <div className="flex shrink-0 flex-wrap gap-2">
                {actions.map((action) => (
                  <Link key={action.href} href={action.href} className={buttonClass(action.primary ? 'primary' : 'secondary')}>
                    {action.label}
                  </Link>
                ))}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
