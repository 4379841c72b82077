'use client';
// The one timeline of the 360, and above it each invoice's story as a chain: what happened,
// then what it caused — in time order, failures in red, money in green, staff actions dark.
import { useLocale, useTranslations } from 'next-intl';
import { formatDateTime } from '../../format';
import { Card, EmptyState } from '../../ui/card';
import { cn } from '../../ui/cn';
import { changeText, entryTitle, entryTone, type Customer360View, type TimelineEntry } from './timeline-text';

const dotTone = {
  danger: 'bg-red-500',
  success: 'bg-emerald-500',
  staff: 'bg-zinc-900',
  warning: 'bg-amber-400',
  neutral: 'bg-zinc-300',
} as const;

const chipTone = {
  danger: 'bg-red-50 text-red-800 ring-red-200',
  success: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  staff: 'bg-zinc-900 text-white ring-zinc-900',
  warning: 'bg-amber-50 text-amber-900 ring-amber-200',
  neutral: 'bg-white text-zinc-700 ring-zinc-200',
} as const;

export function CustomerStory({ view }: { view: Customer360View }) {
  const t = useTranslations('support');
  const locale = useLocale();
  if (view.threads.length === 0) return null;
  const byId = new Map(view.timeline.map((entry) => [entry.id, entry]));
  return (
    <Card title={t('view.story')} action={<span className="text-xs text-zinc-500">{t('view.storyHint')}</span>}>
      <ol className="space-y-3">
        {view.threads.map((thread) => (
          <li key={thread.invoiceId} className="text-sm">
            <p className="mb-1 font-mono text-xs text-zinc-500">{thread.invoiceNumber ?? thread.invoiceId}</p>
            <ol className="flex flex-wrap items-center gap-x-1 gap-y-1.5" aria-label={thread.invoiceNumber ?? thread.invoiceId}>
              {thread.itemIds.map((id, index) => {
                const entry = byId.get(id)!;
                return (
                  <li key={id} className="flex items-center gap-1">
                    {index > 0 ? (
                      <span aria-hidden className="text-zinc-400">
                        →
                      </span>
                    ) : null}
                    <span title={formatDateTime(entry.at, locale)} className={cn('rounded-md px-1.5 py-0.5 text-xs ring-1 ring-inset', chipTone[entryTone(entry.kind)])}>
                      {entryTitle(t, entry, locale)}
                    </span>
                  </li>
                );
              })}
            </ol>
          </li>
        ))}
      </ol>
    </Card>
  );
}

export function CustomerTimeline({ view }: { view: Customer360View }) {
  const t = useTranslations('support');
  const byId = new Map(view.timeline.map((entry) => [entry.id, entry]));
  // Newest first: support usually starts from what just happened.
  const entries = [...view.timeline].reverse();
  return (
    <Card title={t('view.timeline')}>
      {entries.length === 0 ? (
        <EmptyState title={t('view.timelineEmpty')} />
      ) : (
        <ol className="-my-1 max-h-[52rem] overflow-y-auto pr-1" aria-label={t('view.timeline')}>
          {entries.map((entry, index) => (
            <TimelineRow key={entry.id} entry={entry} cause={entry.causeId && entries[index + 1]?.id !== entry.causeId ? byId.get(entry.causeId) : undefined} />
          ))}
        </ol>
      )}
    </Card>
  );
}

function TimelineRow({ entry, cause }: { entry: TimelineEntry; cause?: TimelineEntry }) {
  const t = useTranslations('support');
  const locale = useLocale();
  const f = entry.facts;
  const change = entry.kind === 'audit' ? changeText(f.before, f.after) : null;
  return (
    <li className="relative border-l border-zinc-200 py-1.5 pl-4 ml-1.5" data-kind={entry.kind}>
      <span aria-hidden className={cn('absolute -left-[5px] top-3 size-2.5 rounded-full ring-2 ring-white', dotTone[entryTone(entry.kind)])} />
      <div className="flex flex-wrap items-baseline justify-between gap-x-3">
        <p className="text-sm font-medium text-zinc-900" title={f.detail ?? undefined}>
          {entryTitle(t, entry, locale)}
        </p>
        <time dateTime={new Date(entry.at).toISOString()} className="shrink-0 text-xs tabular-nums text-zinc-500">
          {formatDateTime(entry.at, locale)}
        </time>
      </div>
      <div className="space-y-0.5 text-xs text-zinc-600">
        {entry.invoiceNumber ? <span className="mr-2 font-mono text-zinc-500">{entry.invoiceNumber}</span> : null}
        {cause ? <span className="text-zinc-500">← {t('view.after', { what: entryTitle(t, cause, locale) })}</span> : null}
        {f.reason && entry.kind === 'audit' ? <p>{t('timeline.why', { reason: f.reason })}</p> : null}
        {change ? <p className="break-all font-mono text-[11px] text-zinc-500">{change}</p> : null}
        {entry.kind === 'note' && f.body ? <p className="whitespace-pre-wrap text-sm text-zinc-800">{f.body}</p> : null}
        {entry.kind === 'email.sent' && f.to ? <p className="text-zinc-500">{f.to}</p> : null}
      </div>
    </li>
  );
}
