// Says a timeline entry in the reader's language, from its kind and facts (the recorded English
// explanation is kept as a tooltip for support, never as the only text).
import type { inferRouterOutputs } from '@trpc/server';
import type { useTranslations } from 'next-intl';
import type { AppRouter } from '@/server/trpc/root';
import { formatMoney } from '../../format';

export type Customer360View = inferRouterOutputs<AppRouter>['staff']['support']['view'];
export type TimelineEntry = Customer360View['timeline'][number];
type Translate = ReturnType<typeof useTranslations<'support'>>;

export function declineText(t: Translate, code: string | null | undefined): string {
  const key = `decline.${code ?? 'unknown'}` as Parameters<Translate>[0];
  return t.has(key) ? t(key) : (code ?? t('decline.unknown'));
}

export function auditActionText(t: Translate, action: string): string {
  const key = `audit.${action.replace(/\./g, '_')}` as Parameters<Translate>[0];
  return t.has(key) ? t(key) : action;
}

export function entryTitle(t: Translate, entry: TimelineEntry, locale: string): string {
  const f = entry.facts;
  const number = entry.invoiceNumber ?? entry.invoiceId ?? '';
  const amount = f.amountMinor && f.currency ? formatMoney(BigInt(f.amountMinor), f.currency, locale) : '';
  switch (entry.kind) {
    case 'invoice.finalized':
      return t(f.billingReason === 'subscription_cycle' ? 'timeline.renewalFinalized' : 'timeline.invoiceFinalized', { number, amount });
    case 'invoice.voided':
      return t('timeline.invoiceVoided', { number });
    case 'invoice.uncollectible':
      return t('timeline.invoiceUncollectible', { number });
    case 'invoice.paid':
      return t('timeline.invoicePaid', { number });
    case 'payment.succeeded':
      return t('timeline.paymentSucceeded', { amount, method: f.method ?? '—' });
    case 'payment.failed':
      return f.method ? t('timeline.paymentFailedMethod', { method: f.method, decline: declineText(t, f.declineCode) }) : t('timeline.paymentFailed', { decline: declineText(t, f.declineCode) });
    case 'payment.processing':
      return t('timeline.paymentProcessing', { amount });
    case 'payment.requires_action':
      return t('timeline.paymentAction');
    case 'payment.canceled':
      return t('timeline.paymentCanceled');
    case 'dunning.started':
      return t('timeline.dunningStarted');
    case 'dunning.retry_scheduled':
      return f.inDays === null || f.inDays === undefined ? t('timeline.retryNow') : t('timeline.retryScheduled', { days: f.inDays });
    case 'dunning.awaiting_method':
      return t('timeline.awaitingMethod');
    case 'dunning.exhausted':
      return t('timeline.exhausted');
    case 'dunning.recovered':
      return t('timeline.recovered');
    case 'dunning.stopped':
      return t('timeline.stopped');
    case 'collection.skipped':
      return t('timeline.skipped');
    case 'reminder.sent':
      return t('timeline.reminderSent');
    case 'reminder.skipped':
      return t('timeline.reminderSkipped');
    case 'email.sent':
      return t('timeline.emailSent', { subject: f.subject ?? f.emailKind ?? '' });
    case 'refund.succeeded':
      return t('timeline.refundSucceeded', { amount });
    case 'refund.failed':
      return t('timeline.refundFailed', { amount });
    case 'dispute.opened':
      return t('timeline.disputeOpened');
    case 'credit.overpayment':
      return t('timeline.overpayment');
    case 'payment_method.added':
      return t('timeline.methodAdded');
    case 'payment_method.default_set':
      return t('timeline.methodDefault');
    case 'payment_method.removed':
      return t('timeline.methodRemoved');
    case 'subscription.past_due':
      return t('timeline.pastDue');
    case 'subscription.reactivated':
      return t('timeline.reactivated');
    case 'audit':
      return t('timeline.audit', { actor: f.actor ?? '—', action: auditActionText(t, f.action ?? '') });
    case 'note':
      return t('timeline.note', { actor: f.actor ?? '—' });
    default:
      return entry.kind;
  }
}

/** "status: open → void" for each field an audit row changed. */
export function changeText(before: unknown, after: unknown): string | null {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  if (keys.length === 0) return null;
  const show = (value: unknown) => (value === undefined ? '∅' : value === null ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value));
  return keys.map((key) => (key in b && key in a ? `${key}: ${show(b[key])} → ${show(a[key])}` : `${key}: ${show(key in a ? a[key] : b[key])}`)).join(' · ');
}

/** Tone of the dot beside an entry: failures red, money in green, staff actions dark. */
export function entryTone(kind: string): 'danger' | 'success' | 'staff' | 'neutral' | 'warning' {
  if (kind === 'payment.failed' || kind === 'refund.failed' || kind === 'dunning.exhausted' || kind === 'dispute.opened') return 'danger';
  if (kind === 'payment.succeeded' || kind === 'invoice.paid' || kind === 'dunning.recovered') return 'success';
  if (kind === 'audit' || kind === 'note') return 'staff';
  if (kind.startsWith('dunning.') || kind.endsWith('.skipped') || kind === 'subscription.past_due') return 'warning';
  return 'neutral';
}
