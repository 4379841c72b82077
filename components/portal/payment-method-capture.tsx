'use client';
// The gateway's payment form in an iframe. Card numbers and IBANs are typed there, on the
// gateway's origin, and never reach Settle; the form posts back only the token it made and what
// a page may show (brand, last 4). A SEPA account needs the customer's mandate first.
import { useQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useId, useState } from 'react';
import { useTRPC } from '../trpc/client';
import { Button } from '../ui/button';

export interface CapturedMethod {
  gateway: string;
  token: string;
  type: 'card' | 'sepa_debit' | 'wallet';
  mandateAccepted: boolean;
  brand: string | null;
  last4: string | null;
}

interface FormMessage {
  source?: string;
  type?: string;
  height?: number;
  paymentMethod?: { id: string; type: string; card?: { brand: string; last4: string; wallet: { type: string } | null }; sepa_debit?: { last4: string } };
}

/** Where the gateway's form is (what `paymentMethods.form` answers); null when payments are off. */
export interface PaymentForm {
  gateway: string;
  url: string;
  types: string[];
}

/**
 * `form`: the form already looked up by the caller (the hosted invoice page asks its own public
 * procedure); without it, the signed-in customer's form from `portal.paymentMethods.form`.
 */
export function PaymentMethodCapture({
  merchantName,
  onCaptured,
  busy = false,
  form: given,
}: {
  merchantName: string;
  onCaptured: (method: CapturedMethod) => void;
  busy?: boolean;
  form?: { data: PaymentForm | null | undefined; isPending: boolean };
}) {
  const t = useTranslations('paymentCapture');
  const locale = useLocale();
  const trpc = useTRPC();
  // The form posts to this page's own origin; known only in the browser (the server renders "loading").
  const [origin] = useState(() => (typeof window === 'undefined' ? null : window.location.origin));
  const ownForm = useQuery({ ...trpc.portal.paymentMethods.form.queryOptions({ origin: origin ?? 'http://localhost', locale: locale === 'fr' ? 'fr' : 'en' }), enabled: origin !== null && !given, staleTime: Infinity });
  const form = given ?? ownForm;
  const [height, setHeight] = useState(320);
  const [pendingSepa, setPendingSepa] = useState<CapturedMethod | null>(null);

  useEffect(() => {
    const url = form.data?.url;
    if (!url) return;
    const formOrigin = new URL(url).origin;
    const listener = (event: MessageEvent<FormMessage>) => {
      // Only the gateway's own page may speak to us.
      if (event.origin !== formOrigin || event.data?.source !== 'settle-sandbox') return;
      if (event.data.type === 'resize' && typeof event.data.height === 'number') setHeight(Math.min(Math.max(event.data.height, 160), 900));
      const method = event.data.type === 'payment_method' ? event.data.paymentMethod : undefined;
      if (!method) return;
      const captured: CapturedMethod = {
        gateway: form.data!.gateway,
        token: method.id,
        type: method.type === 'sepa_debit' ? 'sepa_debit' : method.card?.wallet ? 'wallet' : 'card',
        mandateAccepted: false,
        brand: method.card?.brand ?? null,
        last4: method.card?.last4 ?? method.sepa_debit?.last4 ?? null,
      };
      if (captured.type === 'sepa_debit') setPendingSepa(captured);
      else onCaptured(captured);
    };
    window.addEventListener('message', listener);
    return () => window.removeEventListener('message', listener);
  }, [form.data, onCaptured]);

  if (form.isPending) return <p className="text-sm text-zinc-500">{t('loading')}</p>;
  if (!form.data) return <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">{t('unavailable')}</p>;
  if (pendingSepa) return <SepaMandate merchantName={merchantName} method={pendingSepa} busy={busy} onAccept={() => onCaptured({ ...pendingSepa, mandateAccepted: true })} onCancel={() => setPendingSepa(null)} />;
  return (
    <div className="space-y-2">
      <iframe title={t('frameTitle')} src={form.data.url} style={{ height }} className="w-full rounded-lg border border-zinc-200 bg-white" />
      <p className="text-xs text-zinc-500">{t('secureNote', { gateway: form.data.gateway === 'stripe' ? 'Stripe' : form.data.gateway })}</p>
    </div>
  );
}

function SepaMandate({ merchantName, method, busy, onAccept, onCancel }: { merchantName: string; method: CapturedMethod; busy: boolean; onAccept: () => void; onCancel: () => void }) {
  const t = useTranslations('paymentCapture');
  const id = useId();
  const [accepted, setAccepted] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="space-y-3 rounded-lg border border-zinc-200 p-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (!accepted) return setError(t('mandateRequired'));
        onAccept();
      }}
    >
      <h3 className="text-sm font-semibold text-zinc-900">{t('mandateTitle')}</h3>
      <p className="text-sm leading-6 text-zinc-700">{t('mandateText', { merchant: merchantName })}</p>
      <div className="flex items-start gap-2">
        <input
          id={id}
          type="checkbox"
          checked={accepted}
          onChange={(event) => {
            setAccepted(event.target.checked);
            setError(null);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className="mt-1 size-4 rounded border-zinc-300"
        />
        <label htmlFor={id} className="text-sm text-zinc-800">
          {t('mandateAccept', { last4: method.last4 ?? '····' })}
        </label>
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={busy}>
          {t('mandateConfirm')}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel} disabled={busy}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}
