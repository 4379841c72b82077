'use client';
// The customer's billing details form. Every field is checked by the server at once; a refusal
// names its field (`param`), shown under that field. The language chosen here is also the
// portal's, from now on.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition, type FormEvent } from 'react';
import { setLocaleAction } from '@/app/actions';
import type { AppRouter } from '@/server/trpc/root';
import { currencyName } from '../format';
import { useTRPC } from '../trpc/client';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Input, Select } from '../ui/field';
import { useToast } from '../ui/toast';

type Details = inferRouterOutputs<AppRouter>['portal']['billingDetails']['get'];
const fields = ['name', 'email', 'line1', 'line2', 'city', 'postalCode', 'state', 'country', 'vatId', 'locale'] as const;
type Field = (typeof fields)[number];
type Values = Record<Field, string>;

/** The form field a server refusal names: `address.city` → city, `taxIds[0].value` → vatId. */
function fieldOf(param: string | null | undefined): Field | null {
  if (!param) return null;
  if (param.startsWith('taxIds')) return 'vatId';
  const name = param.replace(/^address\./, '');
  return (fields as readonly string[]).includes(name) ? (name as Field) : null;
}

const valuesOf = (details: Details): Values => ({
  name: details.name,
  email: details.email,
  line1: details.line1 ?? '',
  line2: details.line2 ?? '',
  city: details.city ?? '',
  postalCode: details.postalCode ?? '',
  state: details.state ?? '',
  country: details.country,
  vatId: details.vatId ?? '',
  locale: details.locale,
});

/** Every ISO 3166 country the browser can name, in the reader's language and alphabetical order. */
function useCountries(locale: string, current: string) {
  return useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: 'region' });
    const english = new Intl.DisplayNames(['en'], { type: 'region' });
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const codes: string[] = [];
    for (const first of letters) {
      for (const second of letters) {
        const code = first + second;
        const name = english.of(code);
        if (name && name !== code && name !== 'Unknown Region' && !['EU', 'EZ', 'UN', 'QO', 'ZZ'].includes(code)) codes.push(code);
      }
    }
    if (!codes.includes(current)) codes.push(current);
    return codes.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => a.name.localeCompare(b.name, locale));
  }, [locale, current]);
}

export function BillingDetailsForm({ initial }: { initial: Details }) {
  const t = useTranslations('billingDetails');
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const [, startTransition] = useTransition();
  const [values, setValues] = useState<Values>(() => valuesOf(initial));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const countries = useCountries(locale, values.country);

  const update = useMutation(
    trpc.portal.billingDetails.update.mutationOptions({
      onSuccess: async (saved) => {
        setValues(valuesOf(saved));
        await queryClient.invalidateQueries({ queryKey: trpc.portal.pathKey() });
        toast(t('saved'), 'success');
        // The language of invoices is also the portal's: switch now, as the locale switcher does.
        startTransition(async () => {
          if (saved.locale !== locale) await setLocaleAction(saved.locale);
          router.refresh();
        });
      },
      onError: (failure) => {
        const data = failure.data as { param?: string | null; fieldErrors?: Record<string, string[] | undefined> | null } | undefined;
        const next: Partial<Record<Field, string>> = {};
        const named = fieldOf(data?.param);
        if (named) next[named] = t(`errors.${named}`);
        for (const key of Object.keys(data?.fieldErrors ?? {})) {
          const field = fieldOf(key);
          if (field) next[field] = t(`errors.${field}`);
        }
        setErrors(next);
        setFormError(Object.keys(next).length ? t('fixErrors') : t('failed'));
        // Take the reader to the first field to fix.
        const first = fields.find((field) => next[field]);
        if (first) requestAnimationFrame(() => document.querySelector<HTMLElement>(`#billing-details [name="${first}"]`)?.focus());
      },
    }),
  );

  const bind = (field: Field) => ({
    name: field,
    value: values[field],
    error: errors[field] ?? null,
    onChange: (event: { target: { value: string } }) => {
      const value = event.target.value;
      setValues((current) => ({ ...current, [field]: value }));
      setErrors((current) => ({ ...current, [field]: undefined }));
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    const nullable = (value: string) => (value.trim() ? value : null);
    update.mutate({
      name: values.name,
      email: values.email,
      line1: nullable(values.line1),
      line2: nullable(values.line2),
      city: nullable(values.city),
      postalCode: nullable(values.postalCode),
      state: nullable(values.state),
      country: values.country,
      vatId: nullable(values.vatId),
      locale: values.locale === 'fr' ? 'fr' : 'en',
    });
  }

  return (
    <form id="billing-details" onSubmit={onSubmit} noValidate className="space-y-6">
      {formError ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
          {formError}
        </p>
      ) : null}
      <Card title={t('company')}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Input label={t('name')} autoComplete="organization" required maxLength={200} {...bind('name')} />
          <Input label={t('email')} type="email" autoComplete="email" required maxLength={254} hint={t('emailHint')} {...bind('email')} />
        </div>
      </Card>
      <Card title={t('address')}>
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <Input label={t('line1')} autoComplete="address-line1" maxLength={200} {...bind('line1')} />
          </div>
          <div className="sm:col-span-2">
            <Input label={t('line2')} autoComplete="address-line2" maxLength={200} {...bind('line2')} />
          </div>
          <Input label={t('postalCode')} autoComplete="postal-code" maxLength={20} {...bind('postalCode')} />
          <Input label={t('city')} autoComplete="address-level2" maxLength={100} {...bind('city')} />
          <Input label={t('state')} autoComplete="address-level1" maxLength={50} {...bind('state')} />
          <Select label={t('country')} autoComplete="country" {...bind('country')}>
            {countries.map((country) => (
              <option key={country.code} value={country.code}>
                {country.name}
              </option>
            ))}
          </Select>
        </div>
      </Card>
      <Card title={t('tax')}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Input label={t('vatId')} hint={t('vatIdHint')} autoComplete="off" spellCheck={false} maxLength={40} {...bind('vatId')} />
          <div className="space-y-1.5">
            <p className="text-sm font-medium text-zinc-800">{t('currency')}</p>
            <p className="text-sm text-zinc-600">{t('currencyNote', { currency: `${currencyName(initial.currency, locale)} (${initial.currency})` })}</p>
          </div>
        </div>
      </Card>
      <Card title={t('language')}>
        <div className="sm:w-1/2 sm:pr-2">
          <Select label={t('locale')} {...bind('locale')}>
            <option value="en" lang="en">
              English
            </option>
            <option value="fr" lang="fr">
              Français
            </option>
          </Select>
        </div>
      </Card>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? t('saving') : t('save')}
        </Button>
      </div>
    </form>
  );
}
