'use client';
// The merchant's identity and branding. Every bad field is shown at once, under the field, and
// nothing is saved until all are right (the server checks the same rules).
import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../trpc/client';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Input } from '../ui/field';
import { useToast } from '../ui/toast';

const fields = ['name', 'legalName', 'addressLine1', 'city', 'postalCode', 'country', 'vatNumber', 'supportEmail', 'logoUrl', 'brandColor'] as const;
type Field = (typeof fields)[number];
export type MerchantValues = Record<Field, string | null>;

type Failure = { message: string; data?: { param?: string | null; fieldErrors?: Record<string, string[] | undefined> | null } | null };

export function MerchantForm({ initial }: { initial: MerchantValues }) {
  const t = useTranslations('staffAdmin.merchant');
  const common = useTranslations('staffAdmin.common');
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const [values, setValues] = useState<Record<Field, string>>(() => Object.fromEntries(fields.map((field) => [field, initial[field] ?? ''])) as Record<Field, string>);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, true>>>({});
  const [summary, setSummary] = useState<string | null>(null);

  const save = useMutation(
    trpc.staff.settings.updateMerchant.mutationOptions({
      onSuccess: (saved) => {
        setValues(Object.fromEntries(fields.map((field) => [field, saved[field] ?? ''])) as Record<Field, string>);
        setReason('');
        toast(t('saved'), 'success');
        router.refresh();
      },
      onError: (failure: Failure) => {
        // Field errors come from the input schema (one key per field) or, for one field, as `param`.
        const bad: Partial<Record<Field, true>> = {};
        for (const key of Object.keys(failure.data?.fieldErrors ?? {})) if (fields.includes(key as Field)) bad[key as Field] = true;
        const param = failure.data?.param as Field | undefined;
        if (param && fields.includes(param)) bad[param] = true;
        setErrors(bad);
        setSummary(Object.keys(bad).length > 0 ? t('fixFields') : failure.message);
      },
    }),
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setSummary(null);
    save.mutate({ ...values, reason });
  }

  const field = (name: Field, extra: { hint?: string; type?: string; maxLength?: number; required?: boolean; className?: string } = {}) => (
    <div className={extra.className}>
      <Input
        label={t(name)}
        name={name}
        type={extra.type ?? 'text'}
        hint={extra.hint}
        maxLength={extra.maxLength}
        required={extra.required}
        value={values[name]}
        error={errors[name] ? t(`errors.${name}`) : null}
        onChange={(event) => setValues({ ...values, [name]: event.target.value })}
      />
    </div>
  );

  return (
    <Card title={t('identity')}>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <div className="grid gap-3 sm:grid-cols-2">
          {field('name', { maxLength: 100, required: true })}
          {field('legalName', { maxLength: 200, required: true })}
          {field('addressLine1', { maxLength: 200, required: true, className: 'sm:col-span-2' })}
          {field('postalCode', { maxLength: 20, required: true })}
          {field('city', { maxLength: 100, required: true })}
          {field('country', { hint: t('countryHint'), maxLength: 2, required: true })}
          {field('vatNumber', { hint: t('vatNumberHint'), maxLength: 20 })}
          {field('supportEmail', { type: 'email', maxLength: 254, required: true })}
          {field('logoUrl', { type: 'url', hint: t('logoUrlHint'), maxLength: 500 })}
          <div className="flex items-start gap-2">
            <div className="min-w-0 flex-1">{field('brandColor', { hint: t('brandColorHint'), maxLength: 7, required: true })}</div>
            <span
              aria-hidden
              className="mt-7 size-10 shrink-0 rounded-lg ring-1 ring-zinc-300 ring-inset"
              style={{ backgroundColor: /^#[0-9a-fA-F]{6}$/.test(values.brandColor) ? values.brandColor : 'transparent' }}
            />
          </div>
          <Input label={t('reasonOptional')} hint={common('reasonHint')} maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} />
        </div>
        {summary ? (
          <p role="alert" className="text-sm text-red-700">
            {summary}
          </p>
        ) : null}
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? common('saving') : common('save')}
        </Button>
      </form>
    </Card>
  );
}
