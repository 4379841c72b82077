'use client';
// Changing a plan or its quantity (preview of the exact invoice first, then confirm), cancelling at
// the period end with a reason, and resuming. The server decides every amount; this only shows it.
import { useMutation } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { formatDate, formatMoney } from '../format';
import { useTRPC } from '../trpc/client';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Input, Select } from '../ui/field';
import { useToast } from '../ui/toast';

export interface SubscriptionActionsProps {
  id: string;
  currency: string;
  cancelAtPeriodEnd: boolean;
  periodEnd: string;
  items: Array<{ id: string; priceId: string; label: string; quantity: number }>;
  planOptions: Array<{ priceId: string; label: string }>;
}

const reasons = ['too_expensive', 'missing_features', 'switched_service', 'unused', 'other'] as const;
type Reason = (typeof reasons)[number];

export function SubscriptionActions({ subscription }: { subscription: SubscriptionActionsProps }) {
  const t = useTranslations('subscription');
  const locale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const money = (amount: bigint, currency = subscription.currency) => formatMoney(amount, currency, locale);
  const ids = useId();

  const [mode, setMode] = useState<'idle' | 'edit' | 'preview'>('idle');
  const firstItem = subscription.items[0];
  const [itemId, setItemId] = useState(firstItem?.id ?? '');
  const item = subscription.items.find((candidate) => candidate.id === itemId) ?? firstItem;
  const [priceId, setPriceId] = useState(firstItem?.priceId ?? '');
  const [quantity, setQuantity] = useState(String(firstItem?.quantity ?? 1));
  const [formError, setFormError] = useState<{ field: 'plan' | 'quantity' | null; message: string } | null>(null);
  const [done, setDone] = useState<{ id: string; number: string | null; amount: string; open: boolean } | null>(null);

  const [cancelOpen, setCancelOpen] = useState(false);
  const [reason, setReason] = useState<Reason | null>(null);
  const [comment, setComment] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);

  const preview = useMutation(trpc.portal.subscriptions.preview.mutationOptions());
  const change = useMutation(trpc.portal.subscriptions.change.mutationOptions());
  const cancel = useMutation(trpc.portal.subscriptions.cancel.mutationOptions());
  const resume = useMutation(trpc.portal.subscriptions.resume.mutationOptions());

  const changeInput = () => ({ subscriptionId: subscription.id, itemId: item!.id, priceId, quantity: Number(quantity) });
  const fieldOf = (param: unknown): 'plan' | 'quantity' | null => (typeof param === 'string' ? (param.includes('quantity') ? 'quantity' : param.includes('price') || param === 'items' ? 'plan' : null) : null);

  const requestPreview = () => {
    setFormError(null);
    const parsed = Number(quantity);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > 10_000) return setFormError({ field: 'quantity', message: t('quantityInvalid') });
    if (item && priceId === item.priceId && parsed === item.quantity) return setFormError({ field: null, message: t('noChange') });
    preview.mutate(changeInput(), {
      onSuccess: () => setMode('preview'),
      onError: (error) => setFormError({ field: fieldOf(error.data?.param), message: error.message }),
    });
  };

  const confirmChange = () =>
    change.mutate({ ...changeInput(), prorationDate: preview.data!.prorationDate, expectedAmountDueMinor: preview.data!.amountDueMinor }, {
      onSuccess: (result) => {
        setMode('idle');
        preview.reset();
        const invoice = result.invoice;
        setDone(invoice ? { id: invoice.id, number: invoice.number, amount: money(invoice.amountDueMinor, invoice.currency), open: invoice.status === 'open' } : { id: '', number: null, amount: '', open: false });
        toast(t('changed'), 'success');
        router.refresh();
      },
      onError: (error) => {
        setMode('edit');
        preview.reset();
        const moved = error.data?.code === 'CONFLICT' && error.data?.param === 'expectedAmountDueMinor';
        setFormError({ field: moved ? null : fieldOf(error.data?.param), message: moved ? t('amountChanged') : error.message });
      },
    });

  const confirmCancel = () => {
    if (!reason) return setReasonError(t('reasonRequired'));
    cancel.mutate(
      { subscriptionId: subscription.id, reason, comment: comment.trim() || undefined },
      {
        onSuccess: (result) => {
          setCancelOpen(false);
          toast(t('cancelled', { date: formatDate(result.endsAt, locale) }), 'success');
          router.refresh();
        },
        onError: (error) => setReasonError(t('error', { message: error.message })),
      },
    );
  };

  const doResume = () =>
    resume.mutate(
      { subscriptionId: subscription.id },
      {
        onSuccess: () => {
          toast(t('resumed'), 'success');
          router.refresh();
        },
        onError: (error) => toast(t('error', { message: error.message }), 'error'),
      },
    );

  // The form, the preview and the result replace one another: focus follows, so keyboard and
  // screen-reader users land on what just appeared.
  const focusTarget = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (mode !== 'idle' || done) focusTarget.current?.focus();
  }, [mode, done]);
  const focusHere = (element: HTMLElement | null) => {
    focusTarget.current = element;
  };

  const data = preview.data;
  return (
    <div className="space-y-4 border-t border-zinc-100 pt-4">
      {done ? (
        <div role="status" tabIndex={-1} ref={focusHere} className="rounded-lg bg-emerald-50 outline-none px-3 py-2.5 text-sm text-emerald-900 ring-1 ring-inset ring-emerald-200">
          <p className="font-medium">{t('changed')}</p>
          {done.id ? <p>{t('changedInvoice', { number: done.number ?? '', amount: done.amount })}</p> : null}
          {done.open ? (
            <Link href={`/invoices/${done.id}`} className="mt-1 inline-block font-semibold text-brand-700 underline">
              {t('payInvoice', { number: done.number ?? '' })}
            </Link>
          ) : null}
        </div>
      ) : null}

      {mode === 'idle' ? (
        <div className="flex flex-wrap gap-2">
          {item && !subscription.cancelAtPeriodEnd ? (
            <Button
              variant="secondary"
              onClick={() => {
                setDone(null);
                setMode('edit');
              }}
            >
              {t('changePlan')}
            </Button>
          ) : null}
          {subscription.cancelAtPeriodEnd ? (
            <Button onClick={doResume} disabled={resume.isPending}>
              {t('resume')}
            </Button>
          ) : (
            <Button
              variant="ghost"
              className="text-red-700 hover:bg-red-50"
              onClick={() => {
                setReason(null);
                setComment('');
                setReasonError(null);
                setCancelOpen(true);
              }}
            >
              {t('cancel')}
            </Button>
          )}
        </div>
      ) : null}

      {mode === 'edit' && item ? (
        <form
          className="space-y-4 rounded-lg border border-zinc-200 p-4"
          aria-labelledby={`${ids}-change`}
          onSubmit={(event) => {
            event.preventDefault();
            requestPreview();
          }}
        >
          <h3 id={`${ids}-change`} tabIndex={-1} ref={focusHere} className="text-sm font-semibold text-zinc-900 outline-none">
            {t('changeTitle')}
          </h3>
          {subscription.items.length > 1 ? (
            <Select
              label={t('itemToChange')}
              value={itemId}
              onChange={(event) => {
                const next = subscription.items.find((candidate) => candidate.id === event.target.value)!;
                setItemId(next.id);
                setPriceId(next.priceId);
                setQuantity(String(next.quantity));
              }}
            >
              {subscription.items.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.label}
                </option>
              ))}
            </Select>
          ) : null}
          <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
            <Select
              label={t('plan')}
              value={priceId}
              onChange={(event) => setPriceId(event.target.value)}
              hint={t('planHint', { currency: subscription.currency })}
              error={formError?.field === 'plan' ? formError.message : null}
            >
              {subscription.planOptions.map((option) => (
                <option key={option.priceId} value={option.priceId}>
                  {option.label}
                  {option.priceId === item.priceId ? ` (${t('current')})` : ''}
                </option>
              ))}
            </Select>
            <Input
              label={t('quantity')}
              type="number"
              inputMode="numeric"
              min={1}
              max={10_000}
              step={1}
              value={quantity}
              onChange={(event) => setQuantity(event.target.value)}
              hint={t('quantityHint')}
              error={formError?.field === 'quantity' ? formError.message : null}
            />
          </div>
          {formError && formError.field === null ? (
            <p role="alert" className="text-sm text-red-700">
              {formError.message}
            </p>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={preview.isPending}>
              {preview.isPending ? t('previewing') : t('previewButton')}
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setMode('idle');
                setFormError(null);
              }}
            >
              {t('back')}
            </Button>
          </div>
        </form>
      ) : null}

      {mode === 'preview' && data ? (
        <section aria-labelledby={`${ids}-preview`} className="space-y-3 rounded-lg border border-brand-100 bg-brand-50/40 p-4" data-testid="change-preview">
          <h3 id={`${ids}-preview`} tabIndex={-1} ref={focusHere} className="text-sm font-semibold text-zinc-900 outline-none">
            {t('previewTitle')}
          </h3>
          {data.invoicedNow ? <p className="text-sm text-zinc-600">{t('previewIntro')}</p> : <p className="text-sm text-zinc-600">{t('nothingNow')}</p>}
          {data.lines.length ? (
            <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white">
              {data.lines.map((line, index) => (
                <li key={index} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-3 py-2 text-sm">
                  <span className="min-w-0 text-zinc-800">
                    {line.description}
                    {line.periodStart && line.periodEnd ? (
                      <span className="block text-xs text-zinc-500">
                        {formatDate(line.periodStart, locale)} – {formatDate(line.periodEnd, locale)}
                      </span>
                    ) : null}
                  </span>
                  <span className="tabular-nums text-zinc-900">{money(line.amountMinor, data.currency)}</span>
                </li>
              ))}
            </ul>
          ) : null}
          <dl className="space-y-1 text-sm">
            <Row label={t('subtotal')} value={money(data.subtotalMinor, data.currency)} />
            {data.discountMinor !== 0n ? <Row label={t('discount')} value={money(-data.discountMinor, data.currency)} /> : null}
            <Row label={t('tax')} value={money(data.taxMinor, data.currency)} />
            <Row label={t('total')} value={money(data.totalMinor, data.currency)} strong />
            {data.creditAppliedMinor > 0n ? <Row label={t('creditApplied')} value={money(-data.creditAppliedMinor, data.currency)} /> : null}
            {data.creditAppliedMinor < 0n ? <Row label={t('creditedToBalance')} value={money(-data.creditAppliedMinor, data.currency)} /> : null}
          </dl>
          <p className="flex flex-wrap items-baseline justify-between gap-2 rounded-lg bg-white px-3 py-2.5 ring-1 ring-inset ring-zinc-200">
            <span className="text-sm font-semibold text-zinc-900">{t('chargedNow')}</span>
            <strong className="text-lg tabular-nums text-zinc-900" data-testid="charged-now" data-amount-minor={data.amountDueMinor.toString()}>
              {money(data.amountDueMinor, data.currency)}
            </strong>
          </p>
          <p className="text-xs text-zinc-500">{data.amountDueMinor > 0n ? t('invoiceNote') : data.invoicedNow ? t('creditNote') : t('nothingNow')}</p>
          <div className="flex flex-wrap gap-2">
            <Button onClick={confirmChange} disabled={change.isPending}>
              {change.isPending ? t('confirming') : t('confirm')}
            </Button>
            <Button variant="secondary" onClick={() => setMode('edit')} disabled={change.isPending}>
              {t('back')}
            </Button>
          </div>
        </section>
      ) : null}

      {cancelOpen ? (
        <Dialog open title={t('cancelTitle')} confirmLabel={t('confirmCancel')} cancelLabel={t('keep')} onConfirm={confirmCancel} onClose={() => setCancelOpen(false)} danger>
          <p>{t('cancelBody', { date: formatDate(subscription.periodEnd, locale) })}</p>
          <fieldset className="mt-4" aria-describedby={reasonError ? `${ids}-reason-error` : undefined}>
            <legend className="text-sm font-medium text-zinc-800">{t('reasonLegend')}</legend>
            <div className="mt-2 space-y-1">
              {reasons.map((value) => (
                <label key={value} className="flex min-h-10 cursor-pointer items-center gap-3 rounded-lg px-2 text-sm text-zinc-800 hover:bg-zinc-50">
                  <input
                    type="radio"
                    name={`${ids}-reason`}
                    value={value}
                    checked={reason === value}
                    onChange={() => {
                      setReason(value);
                      setReasonError(null);
                    }}
                    className="size-4 accent-brand-600"
                  />
                  {t(`reasons.${value}`)}
                </label>
              ))}
            </div>
            {reasonError ? (
              <p id={`${ids}-reason-error`} role="alert" className="mt-1 text-sm text-red-700">
                {reasonError}
              </p>
            ) : null}
          </fieldset>
          <div className="mt-3 space-y-1.5">
            <label htmlFor={`${ids}-comment`} className="block text-sm font-medium text-zinc-800">
              {t('comment')}
            </label>
            <textarea
              id={`${ids}-comment`}
              value={comment}
              maxLength={1000}
              rows={3}
              onChange={(event) => setComment(event.target.value)}
              className="block w-full rounded-lg border border-zinc-300 px-3 py-2 text-sm text-zinc-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
            />
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}

function Row({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <div className={`flex justify-between gap-4 ${strong ? 'font-semibold text-zinc-900' : 'text-zinc-600'}`}>
      <dt>{label}</dt>
      <dd className="tabular-nums">{value}</dd>
    </div>
  );
}
