'use client';
// The 360's actions, each a confirmed dialog with a reason; the page offers only what the
// viewer's role allows (the server checks again) and refreshes the 360 after each.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { formatMoney } from '../../format';
import { useTRPC } from '../../trpc/client';
import { Input, Select } from '../../ui/field';
import { ActionDialog } from './action-dialog';
import { toDecimalText, toMinorUnits } from './minor-units';
import { declineText, type Customer360View } from './timeline-text';

type View = Customer360View;

function useActions(customerId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.staff.support.view.queryKey({ id: customerId }) });
  const options = { onSettled: refresh };
  return {
    trpc,
    retry: useMutation(trpc.staff.actions.retryPayment.mutationOptions(options)),
    credit: useMutation(trpc.staff.actions.applyCredit.mutationOptions(options)),
    refund: useMutation(trpc.staff.actions.refund.mutationOptions(options)),
    extendTrial: useMutation(trpc.staff.actions.extendTrial.mutationOptions(options)),
    change: useMutation(trpc.staff.actions.changeSubscription.mutationOptions(options)),
    cancel: useMutation(trpc.staff.actions.cancelSubscription.mutationOptions(options)),
    void: useMutation(trpc.staff.actions.voidInvoice.mutationOptions(options)),
    uncollectible: useMutation(trpc.staff.actions.markUncollectible.mutationOptions(options)),
    resend: useMutation(trpc.staff.actions.resendEmail.mutationOptions(options)),
    note: useMutation(trpc.staff.actions.addNote.mutationOptions(options)),
    pause: useMutation(trpc.staff.actions.setDunningPaused.mutationOptions(options)),
  };
}

export function InvoiceActions({ view, invoice }: { view: View; invoice: View['invoices'][number] }) {
  const t = useTranslations('support');
  const locale = useLocale();
  const actions = useActions(view.customer.id);
  const number = invoice.number ?? invoice.id;
  if (invoice.status !== 'open') return null;
  return (
    <div className="flex flex-wrap justify-end gap-1.5">
      {view.can.retryPayment && invoice.amountRemainingMinor > 0n ? (
        <ActionDialog
          small
          label={t('actions.retry')}
          title={t('actions.retryTitle', { number })}
          run={async (reason) => {
            const payment = await actions.retry.mutateAsync({ invoiceId: invoice.id, reason });
            if (payment.status === 'succeeded') return t('actions.retrySucceeded');
            if (payment.status === 'failed') return t('actions.retryFailed', { decline: declineText(t, payment.declineCode ?? payment.failureCode) });
            return t('actions.retryPending', { status: t(`view.paymentStatus.${payment.status}`) });
          }}
        >
          <p>{t('actions.retryBody', { amount: formatMoney(invoice.amountRemainingMinor, invoice.currency, locale) })}</p>
        </ActionDialog>
      ) : null}
      {view.can.voidInvoice && invoice.amountPaidMinor === 0n ? (
        <ActionDialog small danger label={t('actions.void')} title={t('actions.voidTitle', { number })} run={async (reason) => void (await actions.void.mutateAsync({ invoiceId: invoice.id, reason }))}>
          <p>{t('actions.voidBody')}</p>
        </ActionDialog>
      ) : null}
      {view.can.markUncollectible ? (
        <ActionDialog small label={t('actions.uncollectible')} title={t('actions.uncollectibleTitle', { number })} run={async (reason) => void (await actions.uncollectible.mutateAsync({ invoiceId: invoice.id, reason }))}>
          <p>{t('actions.uncollectibleBody')}</p>
        </ActionDialog>
      ) : null}
    </div>
  );
}

export function RefundAction({ view, payment }: { view: View; payment: View['payments'][number] }) {
  const t = useTranslations('support');
  const locale = useLocale();
  const actions = useActions(view.customer.id);
  const left = payment.amountMinor - payment.amountRefundedMinor;
  const [amount, setAmount] = useState(() => toDecimalText(left, payment.currency));
  if (!view.can.refund || payment.status !== 'succeeded' || left <= 0n || payment.gateway === 'bank_transfer') return null;
  const limit = view.can.refundLimitMinor === null ? null : formatMoney(view.can.refundLimitMinor, payment.currency, locale);
  return (
    <ActionDialog
      small
      danger
      label={t('actions.refund')}
      title={t('actions.refundTitle', { id: payment.id })}
      refusalLimit={limit}
      validate={() => (toMinorUnits(amount, payment.currency) && toMinorUnits(amount, payment.currency) !== '0' ? null : t('errors.amount'))}
      run={async (reason) => void (await actions.refund.mutateAsync({ paymentId: payment.id, amountMinor: toMinorUnits(amount, payment.currency)!, reason }))}
    >
      <p>{t('actions.refundBody', { amount: formatMoney(left, payment.currency, locale) })}</p>
      {limit ? <p className="text-zinc-500">{t('actions.refundLimit', { amount: limit })}</p> : null}
      <Input label={t('actions.amount', { currency: payment.currency })} inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} />
    </ActionDialog>
  );
}

export function SubscriptionActions({ view, subscription }: { view: View; subscription: View['subscriptions'][number] }) {
  const t = useTranslations('support');
  const actions = useActions(view.customer.id);
  const [days, setDays] = useState('7');
  const [when, setWhen] = useState<'period_end' | 'now'>('period_end');
  const item = subscription.items[0];
  const [quantity, setQuantity] = useState(() => String(item?.quantity ?? 1n));
  if (subscription.status === 'canceled') return null;
  return (
    <div className="flex flex-wrap gap-1.5">
      {view.can.extendTrial && subscription.status === 'trialing' ? (
        <ActionDialog
          small
          label={t('actions.extendTrial')}
          title={t('actions.extendTrialTitle')}
          validate={() => (/^\d+$/.test(days) && Number(days) >= 1 && Number(days) <= 90 ? null : t('errors.days'))}
          run={async (reason) => void (await actions.extendTrial.mutateAsync({ subscriptionId: subscription.id, days: Number(days), reason }))}
        >
          <Input label={t('actions.days')} inputMode="numeric" value={days} onChange={(event) => setDays(event.target.value)} />
        </ActionDialog>
      ) : null}
      {view.can.changeSubscription && item?.id ? (
        <ActionDialog
          small
          label={t('actions.change')}
          title={t('actions.changeTitle')}
          validate={() => (/^\d+$/.test(quantity) ? null : t('errors.amount'))}
          run={async (reason) => void (await actions.change.mutateAsync({ subscriptionId: subscription.id, itemId: item.id!, quantity: Number(quantity), reason }))}
        >
          <p>{t('actions.changeBody')}</p>
          <Input label={t('actions.quantityLabel', { product: item.productName })} inputMode="numeric" value={quantity} onChange={(event) => setQuantity(event.target.value)} />
        </ActionDialog>
      ) : null}
      {view.can.cancelSubscription ? (
        <ActionDialog
          small
          danger
          label={t('actions.cancelSubscription')}
          title={t('actions.cancelTitle')}
          run={async (reason) => void (await actions.cancel.mutateAsync({ subscriptionId: subscription.id, atPeriodEnd: when === 'period_end', reason }))}
        >
          <Select label={t('actions.when')} value={when} onChange={(event) => setWhen(event.target.value as typeof when)}>
            <option value="period_end">{t('actions.atPeriodEnd')}</option>
            <option value="now">{t('actions.now')}</option>
          </Select>
        </ActionDialog>
      ) : null}
    </div>
  );
}

export function ResendAction({ view, email }: { view: View; email: View['emails'][number] }) {
  const t = useTranslations('support');
  const actions = useActions(view.customer.id);
  if (!view.can.resendEmail || email.kind.startsWith('sign_in')) return null;
  return (
    <ActionDialog small label={t('actions.resend')} title={t('actions.resendTitle', { subject: email.subject })} run={async (reason) => void (await actions.resend.mutateAsync({ messageId: email.id, reason }))}>
      <p>{t('actions.resendBody', { to: email.toAddress })}</p>
    </ActionDialog>
  );
}

/** The header's actions on the whole account: a note, a credit, pausing dunning. */
export function AccountActions({ view }: { view: View }) {
  const t = useTranslations('support');
  const actions = useActions(view.customer.id);
  const [note, setNote] = useState('');
  const [amount, setAmount] = useState('');
  const currency = view.customer.currency;
  const paused = Boolean(view.dunningPaused);
  return (
    <div className="flex flex-wrap gap-2">
      {view.can.addNote ? (
        <ActionDialog
          label={t('actions.note')}
          title={t('actions.noteTitle')}
          noReason
          validate={() => (note.trim().length >= 2 ? null : t('errors.body'))}
          run={async () => {
            await actions.note.mutateAsync({ customerId: view.customer.id, body: note });
            setNote('');
          }}
        >
          <label className="block text-sm font-medium text-zinc-800">
            {t('actions.noteLabel')}
            <textarea
              value={note}
              onChange={(event) => setNote(event.target.value)}
              rows={4}
              maxLength={4000}
              className="mt-1.5 block w-full rounded-lg border border-zinc-300 px-3 py-2 text-sm text-zinc-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
            />
          </label>
        </ActionDialog>
      ) : null}
      {view.can.applyCredit ? (
        <ActionDialog
          label={t('actions.credit')}
          title={t('actions.creditTitle')}
          validate={() => (toMinorUnits(amount, currency) && toMinorUnits(amount, currency) !== '0' ? null : t('errors.amount'))}
          run={async (reason) => {
            await actions.credit.mutateAsync({ customerId: view.customer.id, amountMinor: toMinorUnits(amount, currency)!, reason });
            setAmount('');
          }}
        >
          <p>{t('actions.creditBody')}</p>
          <Input label={t('actions.amount', { currency })} inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} />
        </ActionDialog>
      ) : null}
      {view.can.pauseDunning ? (
        <ActionDialog
          label={paused ? t('actions.resume') : t('actions.pause')}
          title={paused ? t('actions.resumeTitle') : t('actions.pauseTitle')}
          run={async (reason) => void (await actions.pause.mutateAsync({ customerId: view.customer.id, paused: !paused, reason }))}
        >
          <p>{paused ? t('actions.resumeBody') : t('actions.pauseBody')}</p>
        </ActionDialog>
      ) : null}
    </div>
  );
}
