'use client';
// Paying an open invoice: one click with the default method, another saved method, or a new one
// typed into the gateway's form (saved first, then charged). The button is disabled while a request
// is on its way, and the server allows one payment in flight per invoice, so a double click
// charges once. 3-D Secure sends the browser to the bank's page, which comes back to the invoice.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useLocale, useTranslations } from 'next-intl';
import { useCallback, useId, useRef, useState } from 'react';
import { formatMoney } from '../format';
import { useTRPC } from '../trpc/client';
import { Button } from '../ui/button';
import { declineReason, nextStepFor, type DeclineReason } from './decline';
import { methodLabel } from './method-label';
import { PaymentMethodCapture, type CapturedMethod } from './payment-method-capture';

type Outcome = { kind: 'declined'; reason: DeclineReason } | { kind: 'error'; code: string };

const knownErrors = new Set(['INVOICE_NOT_OPEN', 'GATEWAY_UNAVAILABLE', 'PAYMENTS_NOT_CONFIGURED', 'NO_PAYMENT_METHOD', 'NOT_FOUND', 'VALIDATION_FAILED']);

function outcomeOfError(error: unknown): Outcome {
  // Read the shape rather than `instanceof`: the error may come from another copy of the client module.
  const data = (error as { data?: { settleCode?: string | null; param?: string | null } | null } | null)?.data ?? (error instanceof TRPCClientError ? error.shape?.data : undefined);
  // The gateway refused the method itself (a declined card is refused when it is saved, as at Stripe).
  if (data?.settleCode === 'PAYMENT_DECLINED') return { kind: 'declined', reason: declineReason(data.param, data.param) };
  return { kind: 'error', code: data?.settleCode && knownErrors.has(data.settleCode) ? data.settleCode : 'generic' };
}

export function PayPanel({ invoiceId, amountMinor, currency, merchantName }: { invoiceId: string; amountMinor: bigint; currency: string; merchantName: string }) {
  const t = useTranslations('portalInvoices');
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const radioName = useId();
  const methods = useQuery(trpc.portal.paymentMethods.list.queryOptions());
  const pay = useMutation(trpc.portal.invoices.pay.mutationOptions());
  const add = useMutation(trpc.portal.paymentMethods.add.mutationOptions());
  const [choosing, setChoosing] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [captureKey, setCaptureKey] = useState(0);
  const [redirecting, setRedirecting] = useState(false);
  // A second click can arrive before React re-renders the disabled button: this ref refuses it at once.
  const inFlight = useRef(false);
  const busy = pay.isPending || add.isPending || redirecting;
  const amount = formatMoney(amountMinor, currency, locale);

  const usable = (methods.data ?? []).filter((method) => method.expiry !== 'expired');
  const defaultMethod = usable.find((method) => method.isDefault) ?? null;
  const showChoice = choosing || !defaultMethod;
  const choice = selected ?? (usable[0]?.id ?? 'new');

  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: trpc.portal.pathKey() }), [queryClient, trpc]);

  const payWith = useCallback(
    async (paymentMethodId: string) => {
      setOutcome(null);
      try {
        const payment = await pay.mutateAsync({ invoiceId, paymentMethodId });
        if (payment.status === 'requires_action' && payment.nextActionUrl) {
          setRedirecting(true);
          window.location.assign(payment.nextActionUrl);
          return;
        }
        if (payment.status === 'failed' || payment.status === 'canceled') {
          setOutcome({ kind: 'declined', reason: declineReason(payment.declineCode, payment.failureCode) });
          setCaptureKey((key) => key + 1);
        }
      } catch (error) {
        setOutcome(outcomeOfError(error));
      }
      await refresh();
    },
    [invoiceId, pay, refresh],
  );

  const guarded = useCallback(
    async (work: () => Promise<void>) => {
      if (inFlight.current) return;
      inFlight.current = true;
      try {
        await work();
      } finally {
        inFlight.current = false;
      }
    },
    [],
  );

  const onCaptured = useCallback(
    (captured: CapturedMethod) =>
      void guarded(async () => {
        setOutcome(null);
        let methodId: string;
        try {
          const method = await add.mutateAsync({ gateway: captured.gateway, token: captured.token, type: captured.type, mandateAccepted: captured.mandateAccepted, makeDefault: false });
          methodId = method.id;
        } catch (error) {
          setOutcome(outcomeOfError(error));
          setCaptureKey((key) => key + 1);
          return;
        }
        void queryClient.invalidateQueries({ queryKey: trpc.portal.paymentMethods.list.queryKey() });
        await payWith(methodId);
      }),
    [add, guarded, payWith, queryClient, trpc],
  );

  return (
    <div className="space-y-4">
      {outcome ? <OutcomeNotice outcome={outcome} /> : null}
      {methods.isPending ? (
        <p role="status" className="text-sm text-zinc-500">
          {t('loading')}
        </p>
      ) : !showChoice && defaultMethod ? (
        <div className="space-y-3">
          <Button className="w-full sm:w-auto" disabled={busy} aria-busy={busy || undefined} onClick={() => void guarded(() => payWith(defaultMethod.id))}>
            {busy ? t('pay.paying') : t('pay.payWith', { amount, method: methodLabel(t, defaultMethod) })}
          </Button>
          <div>
            <button type="button" className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline disabled:text-zinc-400" disabled={busy} onClick={() => setChoosing(true)}>
              {t('pay.useAnother')}
            </button>
          </div>
        </div>
      ) : (
        <div className="space-y-4">
          <fieldset className="space-y-2" disabled={busy}>
            <legend className="mb-2 text-sm font-medium text-zinc-800">{t('pay.chooseLabel')}</legend>
            {usable.map((method) => (
              <label key={method.id} className="flex min-h-10 cursor-pointer items-center gap-3 rounded-lg border border-zinc-200 px-3 py-2 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
                <input type="radio" name={radioName} value={method.id} checked={choice === method.id} onChange={() => setSelected(method.id)} className="size-4" />
                <span className="min-w-0 flex-1 break-words text-zinc-900">
                  {methodLabel(t, method)}
                  {method.isDefault ? <span className="ml-2 text-xs text-zinc-500">({t('pay.default')})</span> : null}
                </span>
              </label>
            ))}
            <label className="flex min-h-10 cursor-pointer items-center gap-3 rounded-lg border border-zinc-200 px-3 py-2 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
              <input type="radio" name={radioName} value="new" checked={choice === 'new'} onChange={() => setSelected('new')} className="size-4" />
              <span className="min-w-0 flex-1 text-zinc-900">{t('pay.addNew')}</span>
            </label>
          </fieldset>
          {choice === 'new' ? (
            <div className="space-y-2">
              <p className="text-sm text-zinc-600">{t('pay.newHint')}</p>
              <PaymentMethodCapture key={captureKey} merchantName={merchantName} onCaptured={onCaptured} busy={busy} />
              {add.isPending ? (
                <p role="status" className="text-sm text-zinc-600">
                  {t('pay.saving')}
                </p>
              ) : pay.isPending || redirecting ? (
                <p role="status" className="text-sm text-zinc-600">
                  {t('pay.paying')}
                </p>
              ) : null}
            </div>
          ) : (
            <Button className="w-full sm:w-auto" disabled={busy} aria-busy={busy || undefined} onClick={() => void guarded(() => payWith(choice))}>
              {busy ? t('pay.paying') : t('pay.payWith', { amount, method: methodLabel(t, usable.find((method) => method.id === choice) ?? null) })}
            </Button>
          )}
          {defaultMethod && choosing ? (
            <button type="button" className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline" disabled={busy} onClick={() => setChoosing(false)}>
              {t('pay.useDefault')}
            </button>
          ) : null}
        </div>
      )}
      <p className="text-xs text-zinc-500">{t('pay.safe')}</p>
    </div>
  );
}

function OutcomeNotice({ outcome }: { outcome: Outcome }) {
  const t = useTranslations('portalInvoices');
  if (outcome.kind === 'error') {
    return (
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
        {t(`errors.${outcome.code}` as 'errors.generic')}
      </div>
    );
  }
  return <DeclineNotice reason={outcome.reason} />;
}

export function DeclineNotice({ reason, live = true }: { reason: DeclineReason; live?: boolean }) {
  const t = useTranslations('portalInvoices');
  return (
    <div role={live ? 'alert' : undefined} data-testid="decline" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900">
      <p className="font-semibold">{t('declineTitle')}</p>
      <p className="mt-1">{t(`decline.${reason}`)}</p>
      <p className="mt-1">{t(`nextStep.${nextStepFor(reason)}`)}</p>
    </div>
  );
}
