'use client';
// The customer's saved payment methods: which one is the default, which expire, make another the
// default, remove one (warned when it pays a live subscription), add one through the gateway form.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useTranslations } from 'next-intl';
import { useCallback, useId, useState } from 'react';
import type { AppRouter } from '@/server/trpc/root';
import { useTRPC } from '../trpc/client';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, EmptyState } from '../ui/card';
import { Dialog } from '../ui/dialog';
import { useToast } from '../ui/toast';
import { PaymentMethodCapture, type CapturedMethod } from './payment-method-capture';

export type SavedMethod = inferRouterOutputs<AppRouter>['portal']['paymentMethods']['list'][number];
type Translate = ReturnType<typeof useTranslations<'paymentMethods'>>;

const brandNames: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  cartes_bancaires: 'Cartes Bancaires',
};
const brandName = (brand: string | null) => (brand ? (brandNames[brand] ?? brand.charAt(0).toUpperCase() + brand.slice(1)) : 'Card');
const walletNames: Record<string, string> = { apple_pay: 'Apple Pay', google_pay: 'Google Pay', sandbox_pay: 'Sandbox Pay', link: 'Link' };

/** "Visa ending in 4242", "SEPA Direct Debit ending in 3000": how a method is named everywhere. */
export function methodLabel(method: Pick<SavedMethod, 'type' | 'brand' | 'last4' | 'walletType'>, t: Translate): string {
  const last4 = method.last4 ?? '····';
  if (method.type === 'sepa_debit') return t('sepa', { last4 });
  if (method.type === 'wallet' || method.walletType) {
    const wallet = method.walletType ? (walletNames[method.walletType] ?? method.walletType) : t('walletName');
    return t('wallet', { wallet, brand: brandName(method.brand), last4 });
  }
  return t('card', { brand: brandName(method.brand), last4 });
}

function BrandMark({ method }: { method: SavedMethod }) {
  const text =
    method.type === 'sepa_debit'
      ? 'SEPA'
      : method.brand === 'visa'
        ? 'VISA'
        : method.brand === 'mastercard'
          ? 'MC'
          : method.brand === 'amex'
            ? 'AMEX'
            : (method.brand ?? 'CARD').slice(0, 4).toUpperCase();
  const tone =
    method.type === 'sepa_debit'
      ? 'bg-sky-50 text-sky-800 ring-sky-200'
      : method.brand === 'visa'
        ? 'bg-blue-50 text-blue-800 ring-blue-200'
        : method.brand === 'mastercard'
          ? 'bg-orange-50 text-orange-800 ring-orange-200'
          : 'bg-zinc-100 text-zinc-700 ring-zinc-200';
  return (
    <span aria-hidden className={`inline-flex h-8 w-12 shrink-0 items-center justify-center rounded-md text-[0.65rem] font-bold tracking-wider ring-1 ring-inset ${tone}`}>
      {text}
    </span>
  );
}

const twoDigits = (value: number) => String(value).padStart(2, '0');

function reasonOf(error: { data?: { settleCode?: string | null } | null } | null, t: Translate): string {
  const code = error?.data?.settleCode;
  if (code === 'PAYMENT_DECLINED') return t('declined');
  if (code === 'GATEWAY_UNAVAILABLE' || code === 'PAYMENTS_NOT_CONFIGURED') return t('unavailable');
  return t('genericError');
}

export function PaymentMethods({ merchantName, initialMethods }: { merchantName: string; initialMethods: SavedMethod[] }) {
  const t = useTranslations('paymentMethods');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const methods = useQuery({ ...trpc.portal.paymentMethods.list.queryOptions(), initialData: initialMethods });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.portal.paymentMethods.list.queryKey() });
  const [removing, setRemoving] = useState<SavedMethod | null>(null);
  const [adding, setAdding] = useState(false);

  const setDefault = useMutation(
    trpc.portal.paymentMethods.setDefault.mutationOptions({
      onSuccess: async (_result, variables) => {
        const method = methods.data.find((m) => m.id === variables.paymentMethodId);
        await refresh();
        if (method) toast(t('defaultChanged', { method: methodLabel(method, t) }), 'success');
      },
      onError: (error) => toast(reasonOf(error, t), 'error'),
    }),
  );
  const remove = useMutation(
    trpc.portal.paymentMethods.remove.mutationOptions({
      onSuccess: async (_result, variables) => {
        const method = methods.data.find((m) => m.id === variables.paymentMethodId);
        await refresh();
        if (method) toast(t('removed', { method: methodLabel(method, t) }), 'success');
      },
      onError: async (error) => {
        await refresh();
        toast(reasonOf(error, t), 'error');
      },
    }),
  );
  const busyId = setDefault.isPending ? setDefault.variables?.paymentMethodId : remove.isPending ? remove.variables?.paymentMethodId : null;
  const list = methods.data;

  return (
    <div className="space-y-6">
      <Card
        title={t('saved')}
        action={
          adding ? null : (
            <Button variant="secondary" onClick={() => setAdding(true)} className="min-h-9 px-3">
              {t('add')}
            </Button>
          )
        }
      >
        {methods.isError ? (
          <div role="alert" className="flex flex-wrap items-center justify-between gap-2 rounded-lg bg-red-50 p-3 text-sm text-red-800">
            {t('loadFailed')}
            <Button variant="secondary" onClick={() => void methods.refetch()}>
              {t('retry')}
            </Button>
          </div>
        ) : list.length === 0 ? (
          <EmptyState title={t('empty')}>{t('emptyBody')}</EmptyState>
        ) : (
          <ul aria-label={t('listLabel')} className="-my-1 divide-y divide-zinc-100">
            {list.map((method) => (
              <MethodRow
                key={method.id}
                method={method}
                t={t}
                busy={busyId === method.id}
                onMakeDefault={() => setDefault.mutate({ paymentMethodId: method.id })}
                onRemove={() => setRemoving(method)}
              />
            ))}
          </ul>
        )}
      </Card>
      {adding ? <AddMethod merchantName={merchantName} hasMethods={list.length > 0} t={t} onDone={() => setAdding(false)} onSaved={refresh} /> : null}
      <Dialog
        open={removing !== null}
        title={removing ? t('removeTitle', { method: methodLabel(removing, t) }) : ''}
        confirmLabel={t('removeConfirm')}
        cancelLabel={t('keep')}
        danger
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) remove.mutate({ paymentMethodId: removing.id });
          setRemoving(null);
        }}
      >
        {removing && removing.paysSubscriptions > 0 ? (
          <p data-testid="remove-warning" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-amber-900">
            {t('removeWarning', { count: removing.paysSubscriptions })}
          </p>
        ) : (
          <p>{t('removeBody')}</p>
        )}
      </Dialog>
    </div>
  );
}

function MethodRow({ method, t, busy, onMakeDefault, onRemove }: { method: SavedMethod; t: Translate; busy: boolean; onMakeDefault: () => void; onRemove: () => void }) {
  const label = methodLabel(method, t);
  const details: string[] = [];
  if (method.expMonth && method.expYear) {
    const values = { month: twoDigits(method.expMonth), year: String(method.expYear) };
    details.push(method.expiry === 'expired' ? t('expired', values) : t('expires', values));
  }
  if (method.type === 'sepa_debit') {
    if (method.bankCode) details.push(t('bank', { code: [method.country, method.bankCode].filter(Boolean).join(' ') }));
    if (method.mandateReference) details.push(t('mandate', { reference: method.mandateReference }));
  }
  return (
    <li className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid="payment-method">
      <div className="flex min-w-0 items-start gap-3">
        <BrandMark method={method} />
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <p className="text-sm font-medium text-zinc-900">{label}</p>
            {method.isDefault ? <Badge tone="info">{t('badgeDefault')}</Badge> : null}
            {method.expiry === 'expires_soon' ? <Badge tone="warning">{t('badgeExpiresSoon')}</Badge> : null}
            {method.expiry === 'expired' ? <Badge tone="danger">{t('badgeExpired')}</Badge> : null}
          </div>
          {details.length ? <p className="mt-0.5 text-sm break-words text-zinc-500">{details.join(' · ')}</p> : null}
        </div>
      </div>
      <div className="flex shrink-0 flex-wrap gap-2 pl-15 sm:justify-end sm:pl-0">
        {busy ? (
          <span role="status" className="inline-flex min-h-9 items-center text-sm text-zinc-500">
            {t('working')}
          </span>
        ) : (
          <>
            {method.isDefault ? null : (
              <Button variant="secondary" className="min-h-9 px-3" aria-label={t('makeDefaultLabel', { method: label })} onClick={onMakeDefault}>
                {t('makeDefault')}
              </Button>
            )}
            <Button variant="ghost" className="min-h-9 px-3 text-red-700 hover:bg-red-50" aria-label={t('removeLabel', { method: label })} onClick={onRemove}>
              {t('remove')}
            </Button>
          </>
        )}
      </div>
    </li>
  );
}

function AddMethod({ merchantName, hasMethods, t, onDone, onSaved }: { merchantName: string; hasMethods: boolean; t: Translate; onDone: () => void; onSaved: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const toast = useToast();
  const checkboxId = useId();
  const [makeDefault, setMakeDefault] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A new key remounts the gateway form after a refusal, so the customer starts from a clean form.
  const [attempt, setAttempt] = useState(0);
  const add = useMutation(
    trpc.portal.paymentMethods.add.mutationOptions({
      onSuccess: async (method) => {
        await onSaved();
        toast(t('added', { method: methodLabel(method, t) }), 'success');
        onDone();
      },
      onError: (failure) => {
        setError(t('addFailed', { reason: reasonOf(failure, t) }));
        setAttempt((n) => n + 1);
      },
    }),
  );
  const { mutate } = add;
  const onCaptured = useCallback(
    (captured: CapturedMethod) => {
      setError(null);
      mutate({ gateway: captured.gateway, token: captured.token, type: captured.type, mandateAccepted: captured.mandateAccepted, makeDefault: hasMethods ? makeDefault : true });
    },
    [mutate, hasMethods, makeDefault],
  );
  return (
    <Card
      title={t('addTitle')}
      action={
        <Button variant="ghost" className="min-h-9 px-3" onClick={onDone} disabled={add.isPending}>
          {t('cancelAdd')}
        </Button>
      }
    >
      <div className="space-y-4">
        <p className="text-sm text-zinc-600">{t('addIntro')}</p>
        {hasMethods ? (
          <div className="flex items-start gap-2">
            <input id={checkboxId} type="checkbox" checked={makeDefault} onChange={(event) => setMakeDefault(event.target.checked)} className="mt-0.5 size-4 rounded border-zinc-300" />
            <label htmlFor={checkboxId} className="text-sm font-medium text-zinc-800">
              {t('makeItDefault')}
            </label>
          </div>
        ) : (
          <p className="text-sm text-zinc-500">{t('firstIsDefault')}</p>
        )}
        {error ? (
          <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
            {error}
          </p>
        ) : null}
        {add.isPending ? (
          <p role="status" className="text-sm text-zinc-600">
            {t('working')}
          </p>
        ) : null}
        <div className={add.isPending ? 'hidden' : undefined}>
          <PaymentMethodCapture key={attempt} merchantName={merchantName} onCaptured={onCaptured} busy={add.isPending} />
        </div>
      </div>
    </Card>
  );
}
