'use client';
// One confirmed, reasoned staff action: a button opening a dialog with the action's own fields and
// a reason; the refusal of the server, localised, is shown in the dialog, nothing having changed.
import { useTranslations } from 'next-intl';
import { useState, type ReactNode } from 'react';
import { Button, type ButtonVariant } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { useToast } from '../../ui/toast';

type ErrorData = { settleCode?: string | null; param?: string | null; code?: string } | null | undefined;

/** A server refusal as one sentence in the reader's language (the English detail stays for CONFLICT). */
export function useRefusal() {
  const t = useTranslations('support.errors');
  return (error: unknown, limit?: string | null): string => {
    const data = ((error as { data?: ErrorData; shape?: { data?: ErrorData } } | null)?.data ?? (error as { shape?: { data?: ErrorData } } | null)?.shape?.data) as ErrorData;
    const message = error instanceof Error ? error.message : '';
    switch (data?.settleCode) {
      case 'FORBIDDEN':
        return data.param === 'amountMinor' ? t('refundLimit', { amount: limit ?? '—' }) : t('forbidden');
      case 'REFUND_EXCEEDS_PAYMENT':
        return t('refundExceeds');
      case 'INVOICE_NOT_OPEN':
        return t('invoiceNotOpen');
      case 'SUBSCRIPTION_NOT_ACTIVE':
        return t('subscriptionNotActive');
      case 'VALIDATION_FAILED':
        if (data.param === 'reason' || data.param === 'days' || data.param === 'body') return t(data.param);
        if (data.param === 'amountMinor') return t('amount');
        return message || t('generic');
      case 'CONFLICT':
        return `${t('conflict')} ${message}`;
    }
    if (data?.code === 'FORBIDDEN') return t('forbidden');
    return message || t('generic');
  };
}

export interface ActionDialogProps {
  label: string;
  title: string;
  children?: ReactNode;
  variant?: ButtonVariant;
  danger?: boolean;
  small?: boolean;
  /** Without a reason field (a note is its own reason). */
  noReason?: boolean;
  /** Checks the action's own fields; a message refuses before anything is sent. */
  validate?: () => string | null;
  /** Performs the action; the resolved text is shown as the outcome. */
  run: (reason: string) => Promise<string | void>;
  refusalLimit?: string | null;
}

export function ActionDialog({ label, title, children, variant = 'secondary', danger, small, noReason, validate, run, refusalLimit }: ActionDialogProps) {
  const t = useTranslations('support.actions');
  const toast = useToast();
  const refusal = useRefusal();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const close = () => {
    setOpen(false);
    setError(null);
  };
  const confirm = async () => {
    if (pending) return;
    const invalid = validate?.() ?? (noReason || reason.trim().length >= 3 ? null : refusal({ data: { settleCode: 'VALIDATION_FAILED', param: 'reason' } }));
    if (invalid) return setError(invalid);
    setPending(true);
    try {
      const outcome = await run(reason.trim());
      toast(outcome || t('done'), 'success');
      setReason('');
      close();
    } catch (caught) {
      setError(refusal(caught, refusalLimit));
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <Button variant={variant} className={small ? 'min-h-8 px-2.5 py-1 text-xs' : undefined} onClick={() => setOpen(true)}>
        {label}
      </Button>
      {/* Mounted only while open: one dialog (and one set of ids) on the page at a time. */}
      {open ? (
      <Dialog open title={title} confirmLabel={pending ? '…' : t('confirm')} cancelLabel={t('cancel')} onConfirm={confirm} onClose={close} danger={danger}>
        <div className="space-y-3">
          {children}
          {noReason ? null : (
            <div className="space-y-1.5">
              <label className="block text-sm font-medium text-zinc-800">
                {t('reason')}
                <textarea
                  value={reason}
                  onChange={(event) => setReason(event.target.value)}
                  rows={2}
                  maxLength={500}
                  required
                  aria-describedby="action-reason-hint"
                  className="mt-1.5 block w-full rounded-lg border border-zinc-300 px-3 py-2 text-sm text-zinc-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
                />
              </label>
              <p id="action-reason-hint" className="text-xs text-zinc-500">
                {t('reasonHint')}
              </p>
            </div>
          )}
          {error ? (
            <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
              {error}
            </p>
          ) : null}
        </div>
      </Dialog>
      ) : null}
    </>
  );
}
