// The period and currency of a report, as a plain GET form: the filter lives in the URL, so a
// report can be bookmarked, shared and exported as it is shown.
import { getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';

export async function ReportFilters(props: { action: string; from: string; to: string; currency: string; currencies: string[]; errors: Partial<Record<'from' | 'to' | 'currency', string>> }) {
  const t = await getTranslations('staffReports.filters');
  const currencies = props.currencies.includes(props.currency) ? props.currencies : [...props.currencies, props.currency];
  return (
    <form action={props.action} method="get" aria-label={t('legend')} className="rounded-xl border border-zinc-200 bg-white p-3 shadow-sm sm:p-4">
      <div className="grid grid-cols-2 items-end gap-3 sm:grid-cols-[repeat(3,minmax(0,11rem))_auto] sm:justify-start">
        <Input label={t('from')} type="date" name="from" defaultValue={props.from} required error={props.errors.from} />
        <Input label={t('to')} type="date" name="to" defaultValue={props.to} required error={props.errors.to} />
        <Select label={t('currency')} name="currency" defaultValue={props.currency} error={props.errors.currency}>
          {currencies.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </Select>
        <Button type="submit" variant="secondary">
          {t('apply')}
        </Button>
      </div>
      <p className="mt-2 text-xs text-zinc-500">{t('hint')}</p>
    </form>
  );
}
