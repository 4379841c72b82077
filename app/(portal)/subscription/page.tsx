import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDate, formatMoney } from '@/components/format';
import { SubscriptionActions } from '@/components/portal/subscription-actions';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Card, EmptyState } from '@/components/ui/card';
import { requireCustomer } from '@/server/auth/guards';
import { serverApi } from '@/server/trpc/server-caller';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Subscription' };

const statusTone: Record<string, BadgeTone> = { active: 'success', trialing: 'info', past_due: 'danger', unpaid: 'danger', paused: 'neutral', incomplete: 'warning', ending: 'warning' };

export default async function SubscriptionPage() {
  await requireCustomer();
  const [api, t, locale] = await Promise.all([serverApi(), getTranslations('subscription'), getLocale()]);
  const [subscriptions, { merchant }] = await Promise.all([api.portal.subscriptions.list(), api.portal.account()]);
  const money = (amount: bigint, currency: string) => formatMoney(amount, currency, locale);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{t('title')}</h1>
        <p className="mt-1 text-sm text-zinc-600">{t('intro')}</p>
      </div>
      {subscriptions.length === 0 ? (
        <EmptyState title={t('empty')}>{t('emptyHint', { email: merchant.supportEmail })}</EmptyState>
      ) : null}
      {subscriptions.map((subscription) => {
        const licensed = subscription.items.filter((item) => !item.metered);
        const title = licensed.map((item) => `${item.productName}${item.nickname ? ` — ${item.nickname}` : ''}`).join(' + ') || subscription.items[0]?.productName;
        const status = subscription.cancelAtPeriodEnd ? 'ending' : subscription.status;
        const metered = subscription.items.filter((item) => item.usage);
        return (
          <Card
            key={subscription.id}
            title={title}
            action={<Badge tone={statusTone[status] ?? 'neutral'}>{t(`status.${status}` as 'status.active')}</Badge>}
          >
            <div data-testid={`subscription-${subscription.id}`} className="space-y-5">
              <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-3">
                <div className="min-w-0">
                  <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{t('billing')}</dt>
                  <dd className="mt-1 text-sm text-zinc-900">{t(`interval.${subscription.interval}`, { count: subscription.intervalCount })}</dd>
                </div>
                <div className="min-w-0">
                  <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{t('currentPeriod')}</dt>
                  <dd className="mt-1 text-sm text-zinc-900">
                    {formatDate(subscription.currentPeriodStart, locale)} – {formatDate(subscription.currentPeriodEnd, locale)}
                  </dd>
                </div>
                <div className="min-w-0">
                  <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{t('nextRenewal')}</dt>
                  <dd className="mt-1 text-sm text-zinc-900" data-testid="renewal">
                    {subscription.cancelAtPeriodEnd ? (
                      <>
                        <strong className="font-semibold text-amber-800">{t('endsOn', { date: formatDate(subscription.currentPeriodEnd, locale) })}</strong>
                        <span className="mt-0.5 block text-xs text-zinc-500">{t('endsOnHint')}</span>
                      </>
                    ) : subscription.nextInvoice ? (
                      <>
                        <span className="font-semibold">{t('renewsOn', { date: formatDate(subscription.nextInvoice.date, locale) })}</span>
                        <span className="mt-0.5 block tabular-nums text-zinc-600">{money(subscription.nextInvoice.totalMinor, subscription.currency)}</span>
                      </>
                    ) : (
                      '—'
                    )}
                    {subscription.status === 'trialing' && subscription.trialEnd ? (
                      <span className="mt-0.5 block text-xs text-zinc-500">{t('trialEnds', { date: formatDate(subscription.trialEnd, locale) })}</span>
                    ) : null}
                  </dd>
                </div>
              </dl>

              <div>
                <h3 className="text-sm font-semibold text-zinc-900">{t('items')}</h3>
                <ul className="mt-2 divide-y divide-zinc-100 rounded-lg border border-zinc-200">
                  {subscription.items.map((item) => (
                    <li key={item.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-3 py-2.5 text-sm">
                      <span className="min-w-0 text-zinc-900">
                        {item.productName}
                        {item.nickname ? <span className="text-zinc-500"> — {item.nickname}</span> : null}
                        {item.quantity !== null ? <span className="text-zinc-600"> × {item.quantity.toString()}</span> : null}
                      </span>
                      <span className="tabular-nums text-zinc-700">{item.amountMinor !== null ? money(item.amountMinor, subscription.currency) : t('metered')}</span>
                    </li>
                  ))}
                </ul>
                <p className="mt-1.5 text-xs text-zinc-500">{t('amountExcludesTax')}</p>
              </div>

              {metered.length ? (
                <div>
                  <h3 className="text-sm font-semibold text-zinc-900">{t('usageTitle')}</h3>
                  <ul className="mt-2 space-y-2">
                    {metered.map((item) => (
                      <li key={item.id} className="rounded-lg bg-zinc-50 px-3 py-2.5 text-sm" data-testid="usage">
                        <p className="font-medium text-zinc-900">
                          {t('usageSince', {
                            quantity: new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-US').format(item.usage!.quantity),
                            metric: item.usage!.metric.replaceAll('_', ' '),
                            date: formatDate(item.usage!.from, locale),
                          })}
                        </p>
                        <p className="text-zinc-600">{t('usageAmount', { amount: money(item.usage!.amountMinor, subscription.currency) })}</p>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}

              <SubscriptionActions
                subscription={{
                  id: subscription.id,
                  currency: subscription.currency,
                  cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
                  periodEnd: subscription.currentPeriodEnd.toISOString(),
                  items: licensed.map((item) => ({ id: item.id, priceId: item.priceId, label: `${item.productName}${item.nickname ? ` — ${item.nickname}` : ''}`, quantity: Number(item.quantity ?? 1n) })),
                  planOptions: subscription.planOptions.map((option) => ({
                    priceId: option.priceId,
                    label:
                      option.unitAmountMinor !== null
                        ? t('planOption', { name: `${option.productName}${option.nickname ? ` (${option.nickname})` : ''}`, amount: money(option.unitAmountMinor, subscription.currency) })
                        : t('planOptionTiered', { name: `${option.productName}${option.nickname ? ` (${option.nickname})` : ''}` }),
                  })),
                }}
              />
            </div>
          </Card>
        );
      })}
    </div>
  );
}
