'use client';
// Edits the dunning policy: how failed automatic payments are retried, when invoices sent to pay
// are reminded, and what happens when the attempts run out. The server checks every value
// (validatePolicy) and names the field it refuses; the form shows that refusal under the field.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent, type ReactNode } from 'react';
import { retryIntervals, validatePolicy, type DunningPolicy, type FinalAction } from '@/server/collections/rules';
import { useTRPC } from '../trpc/client';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Input, Select } from '../ui/field';

type Field = keyof DunningPolicy;
const listFields = ['retryIntervalsDays', 'reminderDaysBeforeDue', 'reminderDaysAfterDue'] as const;
const numberFields = ['spreadTries', 'spreadWeeks', 'upcomingRenewalDays', 'trialEndingDays'] as const;
type ListField = (typeof listFields)[number];
type NumberField = (typeof numberFields)[number];
const finalActions: FinalAction[] = ['cancel_subscription', 'mark_unpaid', 'leave_past_due'];

/** What the inputs hold: lists and numbers as typed, parsed on submit. */
type Draft = Omit<DunningPolicy, ListField | NumberField> & Record<ListField | NumberField, string>;

const toDraft = (policy: DunningPolicy): Draft => ({
  ...policy,
  retryIntervalsDays: policy.retryIntervalsDays.join(', '),
  reminderDaysBeforeDue: policy.reminderDaysBeforeDue.join(', '),
  reminderDaysAfterDue: policy.reminderDaysAfterDue.join(', '),
  spreadTries: String(policy.spreadTries),
  spreadWeeks: String(policy.spreadWeeks),
  upcomingRenewalDays: String(policy.upcomingRenewalDays),
  trialEndingDays: String(policy.trialEndingDays),
});

const parseList = (text: string): number[] | null => {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  return parts.every((part) => /^\d+$/.test(part)) ? parts.map(Number) : null;
};
const parseNumber = (text: string): number | null => (/^\s*\d+\s*$/.test(text) ? Number(text) : null);

/** The draft as a policy, or the first field that is not made of whole numbers. */
function fromDraft(draft: Draft): { policy: DunningPolicy } | { field: Field } {
  const lists = {} as Record<ListField, number[]>;
  for (const field of listFields) {
    const parsed = parseList(draft[field]);
    if (!parsed) return { field };
    lists[field] = parsed;
  }
  const numbers = {} as Record<NumberField, number>;
  for (const field of numberFields) {
    const parsed = parseNumber(draft[field]);
    if (parsed === null) return { field };
    numbers[field] = parsed;
  }
  return { policy: { ...draft, ...lists, ...numbers } };
}

export function DunningPolicyForm({ initial }: { initial: DunningPolicy }) {
  const t = useTranslations('dunningPolicy');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => toDraft(initial));
  const [error, setError] = useState<{ field: Field | null; message: string } | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.staff.dunningPolicy.update.mutationOptions({
      onSuccess: (policy) => {
        setDraft(toDraft(policy));
        setSaved(true);
        void queryClient.invalidateQueries({ queryKey: trpc.staff.dunningPolicy.get.queryKey() });
      },
      onError: (failure) => {
        const data = failure.data as { param?: string | null; fieldErrors?: Record<string, string[] | undefined> | null } | undefined;
        const field = (data?.param ?? Object.keys(data?.fieldErrors ?? {})[0] ?? null) as Field | null;
        setError(field && t.has(`errors.${field}`) ? { field, message: t(`errors.${field}`) } : { field: null, message: t('errors.general') });
      },
    }),
  );

  const set = <K extends keyof Draft>(field: K, value: Draft[K]) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setSaved(false);
  };
  const errorOf = (field: Field) => (error?.field === field ? error.message : null);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const parsed = fromDraft(draft);
    if ('field' in parsed) {
      setError({ field: parsed.field, message: t('errors.wholeNumbers') });
      return;
    }
    save.mutate(parsed.policy);
  }

  // The schedule as the customer will live it, while the values are valid.
  const preview = (() => {
    const parsed = fromDraft(draft);
    // A schedule the server would refuse is not previewed as if it were one.
    if ('field' in parsed || Object.keys(validatePolicy(parsed.policy)).length > 0) return null;
    const waits = retryIntervals(parsed.policy);
    if (waits.length === 0) return t('preview.none');
    let day = 0;
    return t('preview.days', { days: waits.map((wait) => (day += wait)).join(', '), count: waits.length });
  })();

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      <Card title={t('retries.title')}>
        <div className="space-y-4">
          <p className="text-sm text-zinc-600">{t('retries.intro')}</p>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-zinc-800">{t('retries.mode')}</legend>
            <Radio name="retryMode" checked={draft.retryMode === 'intervals'} onChange={() => set('retryMode', 'intervals')}>
              {t('retries.intervals')}
            </Radio>
            <Radio name="retryMode" checked={draft.retryMode === 'spread'} onChange={() => set('retryMode', 'spread')}>
              {t('retries.spread')}
            </Radio>
          </fieldset>
          {draft.retryMode === 'intervals' ? (
            <div className="sm:max-w-sm">
              <Input
                label={t('retries.intervalsDays')}
                hint={t('retries.intervalsDaysHint')}
                inputMode="numeric"
                value={draft.retryIntervalsDays}
                onChange={(e) => set('retryIntervalsDays', e.target.value)}
                error={errorOf('retryIntervalsDays')}
              />
            </div>
          ) : (
            <div className="grid gap-4 sm:max-w-md sm:grid-cols-2">
              <Input label={t('retries.spreadTries')} type="number" min={0} max={12} value={draft.spreadTries} onChange={(e) => set('spreadTries', e.target.value)} error={errorOf('spreadTries')} />
              <Input label={t('retries.spreadWeeks')} type="number" min={1} max={8} value={draft.spreadWeeks} onChange={(e) => set('spreadWeeks', e.target.value)} error={errorOf('spreadWeeks')} />
            </div>
          )}
          {preview ? (
            <p className="text-sm text-zinc-600" data-testid="retry-preview">
              {preview}
            </p>
          ) : null}
          <p className="text-sm text-zinc-500">{t('retries.hardDeclines')}</p>
        </div>
      </Card>

      <Card title={t('reminders.title')}>
        <div className="space-y-4">
          <p className="text-sm text-zinc-600">{t('reminders.intro')}</p>
          <div className="grid gap-4 sm:grid-cols-2">
            <Input label={t('reminders.before')} hint={t('reminders.listHint')} inputMode="numeric" value={draft.reminderDaysBeforeDue} onChange={(e) => set('reminderDaysBeforeDue', e.target.value)} error={errorOf('reminderDaysBeforeDue')} />
            <Input label={t('reminders.after')} hint={t('reminders.listHint')} inputMode="numeric" value={draft.reminderDaysAfterDue} onChange={(e) => set('reminderDaysAfterDue', e.target.value)} error={errorOf('reminderDaysAfterDue')} />
          </div>
        </div>
      </Card>

      <Card title={t('final.title')}>
        <div className="space-y-4">
          <div className="sm:max-w-sm">
            <Select label={t('final.action')} value={draft.finalAction} onChange={(e) => set('finalAction', e.target.value as FinalAction)} error={errorOf('finalAction')}>
              {finalActions.map((action) => (
                <option key={action} value={action}>
                  {t(`final.actions.${action}`)}
                </option>
              ))}
            </Select>
          </div>
          <label className="flex items-start gap-2 text-sm text-zinc-800">
            <input type="checkbox" className="mt-0.5 size-4 accent-brand-600" checked={draft.markUncollectible} onChange={(e) => set('markUncollectible', e.target.checked)} />
            <span>
              {t('final.markUncollectible')}
              <span className="block text-xs text-zinc-500">{t('final.markUncollectibleHint')}</span>
            </span>
          </label>
        </div>
      </Card>

      <Card title={t('notices.title')}>
        <div className="grid gap-4 sm:max-w-xl sm:grid-cols-2 sm:items-end">
          <Input label={t('notices.upcomingRenewal')} type="number" min={1} max={60} value={draft.upcomingRenewalDays} onChange={(e) => set('upcomingRenewalDays', e.target.value)} error={errorOf('upcomingRenewalDays')} />
          <Input label={t('notices.trialEnding')} type="number" min={1} max={30} value={draft.trialEndingDays} onChange={(e) => set('trialEndingDays', e.target.value)} error={errorOf('trialEndingDays')} />
        </div>
      </Card>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={save.isPending}>
          {t('save')}
        </Button>
        <p role="status" className="text-sm">
          {saved ? <span className="text-emerald-700">{t('saved')}</span> : null}
          {error && !error.field ? <span className="text-red-700">{error.message}</span> : null}
          {error?.field ? <span className="text-red-700">{t('notSaved')}</span> : null}
        </p>
      </div>
    </form>
  );
}

function Radio({ name, checked, onChange, children }: { name: string; checked: boolean; onChange: () => void; children: ReactNode }) {
  return (
    <label className="flex items-start gap-2 text-sm text-zinc-800">
      <input type="radio" name={name} className="mt-0.5 size-4 accent-brand-600" checked={checked} onChange={onChange} />
      <span>{children}</span>
    </label>
  );
}
