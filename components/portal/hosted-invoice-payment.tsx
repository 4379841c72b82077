'use client';
// Paying from the hosted invoice page: the gateway's form (asked for by the invoice's token, no
// sign-in), then the charge. While a payment is processing or waits for the bank this polls the
// invoice every 2 s and refreshes the page once it is paid, so the receipt appears by itself.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatMoney } from '../format';
import { useTRPC } from '../trpc/client';
import { Card } from '../ui/card';
import { PaymentMethodCapture, type CapturedMethod } from './payment-method-capture';

interface Initial {
  status: string;
  canPay: boolean;
  latestPayment: { status: string; declineCode: string | null; failureCode: string | null; nextActionUrl: string | null } | null;
}

const inFlight = (status: string | undefined) => status === 'processing' || status === 'requires_action';

export function HostedInvoicePayment({ token, merchantName, customerName, initial }: { token: string; merchantName: string; customerName: string; initial: Initial }) {
  const t = useTranslations('hostedInvoice');
  const locale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [origin] = useState(() => (typeof window === 'undefined' ? null : window.location.origin));
  const [declineCode, setDeclineCode] = useState<string | null>(() => (initial.latestPayment?.status === 'failed' ? (initial.latestPayment.declineCode ?? initial.latestPayment.failureCode ?? 'fallback') : null));
  const [failedUnexpectedly, setFailedUnexpectedly] = useState(false);

  const invoiceQuery = trpc.hosted.invoice.queryOptions({ token });
  const live = useQuery({ ...invoiceQuery, refetchInterval: (query) => (inFlight(query.state.data?.latestPayment?.status) ? 2_000 : false) });
  const form = useQuery({
    ...trpc.hosted.paymentForm.queryOptions({ token, origin: origin ?? 'http://localhost', locale: locale === 'fr' ? 'fr' : 'en' }),
    enabled: origin !== null,
    staleTime: Infinity,
  });

  const status = live.data?.status ?? initial.status;
  const latest = live.data ? live.data.latestPayment : initial.latestPayment;
  const canPay = live.data?.canPay ?? initial.canPay;
  const remaining = live.data ? formatMoney(live.data.amountRemainingMinor, live.data.currency, locale) : null;

  // Paid (or anything else the server renders differently): show the server's page, with the receipt.
  const shownStatus = useRef(initial.status);
  useEffect(() => {
    if (status !== shownStatus.current) {
      shownStatus.current = status;
      router.refresh();
    }
  }, [status, router]);

  const pay = useMutation(
    trpc.hosted.pay.mutationOptions({
      onSuccess: async (result) => {
        if (result.status === 'requires_action' && result.nextActionUrl) {
          window.location.assign(result.nextActionUrl);
          return;
        }
        if (result.status === 'failed') setDeclineCode(result.declineCode ?? result.failureCode ?? 'fallback');
        await queryClient.invalidateQueries({ queryKey: invoiceQuery.queryKey });
      },
      onError: async (error) => {
        const data = (error as { data?: { settleCode?: string | null; param?: string | null } }).data;
        if (data?.settleCode === 'PAYMENT_DECLINED') setDeclineCode(data.param ?? 'fallback');
        else if (data?.settleCode === 'INVOICE_NOT_OPEN') router.refresh();
        else setFailedUnexpectedly(true);
        await queryClient.invalidateQueries({ queryKey: invoiceQuery.queryKey });
      },
    }),
  );

  const onCaptured = useCallback(
    (method: CapturedMethod) => {
      setDeclineCode(null);
      setFailedUnexpectedly(false);
      pay.mutate({ token, gateway: method.gateway, paymentMethodToken: method.token, type: method.type, mandateAccepted: method.mandateAccepted });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `pay` changes identity every render; mutate does not
    [token, pay.mutate],
  );

  if (status !== 'open' && status !== 'uncollectible') return null;
  const amount = remaining ?? '';

  if (latest?.status === 'processing' || (pay.isSuccess && pay.data.status === 'processing')) {
    return (
      <Card title={t('processingTitle')}>
        <p role="status" className="text-sm leading-6 text-zinc-700">
          {t('processingBody')}
        </p>
      </Card>
    );
  }

  const declineMessage = declineCode ? (t.has(`decline.${declineCode}`) ? t(`decline.${declineCode}`) : t('decline.fallback')) : null;
  return (
    <Card title={t('payTitle')}>
      <div className="space-y-4">
        {latest?.status === 'requires_action' && !pay.isPending ? (
          <div role="status" className="rounded-lg bg-brand-50 p-3 text-sm text-brand-700">
            <p className="font-semibold">{t('actionTitle')}</p>
            <p className="mt-1">{t('actionBody')}</p>
            {latest.nextActionUrl ? (
              <a href={latest.nextActionUrl} className="mt-2 inline-block font-semibold underline">
                {t('actionContinue')}
              </a>
            ) : null}
            <p className="mt-2">{t('actionOther')}</p>
          </div>
        ) : null}
        {declineMessage ? (
          <div role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
            <p className="font-semibold">{t('failedTitle')}</p>
            <p className="mt-1">{declineMessage}</p>
          </div>
        ) : null}
        {failedUnexpectedly ? (
          <div role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
            <p className="font-semibold">{t('errorTitle')}</p>
            <p className="mt-1">{t('errorBody')}</p>
          </div>
        ) : null}
        {pay.isPending ? (
          <p role="status" className="text-sm font-medium text-zinc-800">
            {t('paying', { amount })}
          </p>
        ) : null}
        {canPay ? (
          <>
            <p className="text-sm text-zinc-700">{t('payIntro', { amount })}</p>
            <PaymentMethodCapture merchantName={merchantName} onCaptured={onCaptured} busy={pay.isPending} form={{ data: form.data, isPending: form.isPending }} />
            <p className="text-xs leading-5 text-zinc-500">{t('consent', { customer: customerName, merchant: merchantName })}</p>
          </>
        ) : null}
      </div>
    </Card>
  );
}
