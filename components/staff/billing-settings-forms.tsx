'use client';
// Invoice numbering and taxes, edited by admins. The server checks every value and names the bad
// one (`invoicePrefix`, `taxRegistrations`, `taxRates.1.percent`); its message is shown under that
// field and nothing is saved.
import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../trpc/client';
import { Button } from '../ui/button';
import { Input } from '../ui/field';
import { useToast } from '../ui/toast';

type Failure = { message: string; data?: { param?: string | null } | null };

/** The server's refusal, kept with the field it names. */
function useRefusal() {
  const [refusal, setRefusal] = useState<{ param: string; message: string } | null>(null);
  return {
    clear: () => setRefusal(null),
    set: (failure: Failure) => setRefusal({ param: failure.data?.param ?? '', message: failure.message }),
    /** The message when the refusal names `param` (or, with `prefix`, anything under it). */
    on: (param: string, prefix = false) => (refusal && (refusal.param === param || (prefix && refusal.param.startsWith(`${param}.`))) ? refusal.message : null),
    other: (known: (param: string) => boolean) => (refusal && !known(refusal.param) ? refusal.message : null),
  };
}

function ReasonAndSave({ reason, setReason, pending, error }: { reason: string; setReason: (value: string) => void; pending: boolean; error: string | null }) {
  const common = useTranslations('staffAdmin.common');
  const t = useTranslations('staffAdmin.merchant');
  return (
    <>
      <Input label={t('reasonOptional')} hint={common('reasonHint')} maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} />
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? common('saving') : common('save')}
      </Button>
    </>
  );
}

export function NumberingForm({ initial, year }: { initial: { invoicePrefix: string; creditNotePrefix: string }; year: number }) {
  const t = useTranslations('staffAdmin.merchant');
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const [values, setValues] = useState(initial);
  const [reason, setReason] = useState('');
  const refusal = useRefusal();
  const save = useMutation(
    trpc.staff.settings.updateNumbering.mutationOptions({
      onSuccess: (saved) => {
        setValues(saved);
        setReason('');
        toast(t('numberingSaved'), 'success');
        router.refresh();
      },
      onError: refusal.set,
    }),
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    refusal.clear();
    save.mutate({ ...values, reason });
  };
  const example = (prefix: string) => `${prefix.trim().toUpperCase() || '…'}-${year}-000001`;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2">
        {(['invoicePrefix', 'creditNotePrefix'] as const).map((field) => (
          <Input
            key={field}
            label={t(field)}
            name={field}
            maxLength={10}
            required
            value={values[field]}
            hint={t('prefixExample', { example: example(values[field]) })}
            error={refusal.on(field)}
            onChange={(event) => setValues({ ...values, [field]: event.target.value })}
          />
        ))}
      </div>
      <ReasonAndSave reason={reason} setReason={setReason} pending={save.isPending} error={refusal.other((param) => param === 'invoicePrefix' || param === 'creditNotePrefix')} />
    </form>
  );
}

type Rate = { jurisdiction: string; label: string; percent: string };

export function TaxSettingsForm({ initial }: { initial: { taxRegistrations: string[]; taxRates: Rate[] } }) {
  const t = useTranslations('staffAdmin.merchant');
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const [registrations, setRegistrations] = useState(initial.taxRegistrations.join(', '));
  const [rates, setRates] = useState<Rate[]>(initial.taxRates);
  const [reason, setReason] = useState('');
  const refusal = useRefusal();
  const save = useMutation(
    trpc.staff.settings.updateTaxes.mutationOptions({
      onSuccess: (saved) => {
        setRegistrations(saved.taxRegistrations.join(', '));
        setRates(saved.taxRates);
        setReason('');
        toast(t('taxesSaved'), 'success');
        router.refresh();
      },
      onError: refusal.set,
    }),
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    refusal.clear();
    const taxRegistrations = registrations.split(/[\s,;]+/).filter(Boolean);
    save.mutate({ taxRegistrations, taxRates: rates, reason });
  };
  const setRate = (index: number, change: Partial<Rate>) => setRates(rates.map((rate, at) => (at === index ? { ...rate, ...change } : rate)));
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Input
        label={t('registrations')}
        name="taxRegistrations"
        value={registrations}
        placeholder="GB, US-NY"
        hint={t('registrationsHint')}
        error={refusal.on('taxRegistrations', true)}
        onChange={(event) => setRegistrations(event.target.value)}
      />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-zinc-800">{t('rates')}</legend>
        <p className="text-xs text-zinc-500">{t('ratesHint')}</p>
        {rates.map((rate, index) => (
          <div key={index} data-testid="tax-rate-row" className="grid grid-cols-2 items-start gap-2 sm:grid-cols-[1fr_1.4fr_1fr_auto]">
            <Input label={t('jurisdiction')} value={rate.jurisdiction} maxLength={6} placeholder="US-NY" error={refusal.on(`taxRates.${index}.jurisdiction`)} onChange={(event) => setRate(index, { jurisdiction: event.target.value })} />
            <Input label={t('rateLabel')} value={rate.label} maxLength={40} placeholder="Sales tax" error={refusal.on(`taxRates.${index}.label`)} onChange={(event) => setRate(index, { label: event.target.value })} />
            <Input label={t('percent')} value={rate.percent} inputMode="decimal" maxLength={8} placeholder="8.875" error={refusal.on(`taxRates.${index}.percent`)} onChange={(event) => setRate(index, { percent: event.target.value })} />
            <Button variant="ghost" className="mt-7" aria-label={t('removeRate', { jurisdiction: rate.jurisdiction || index + 1 })} onClick={() => setRates(rates.filter((_, at) => at !== index))}>
              ×
            </Button>
          </div>
        ))}
        <Button variant="secondary" onClick={() => setRates([...rates, { jurisdiction: '', label: '', percent: '' }])}>
          {t('addRate')}
        </Button>
      </fieldset>
      <ReasonAndSave reason={reason} setReason={setReason} pending={save.isPending} error={refusal.other((param) => param.startsWith('taxRegistrations') || param.startsWith('taxRates.'))} />
    </form>
  );
}
