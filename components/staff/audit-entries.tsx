// The rows of the audit log: who, what, when, why, and each changed field as before → after.
import { getTranslations } from 'next-intl/server';
import { formatDateTime } from '../format';
import type { AuditEntry } from '@/server/staff/audit-log';

/** An audit entry as the page shows it: the changes, not the raw JSON. */
export type AuditEntryView = Omit<AuditEntry, 'before' | 'after'>;

const show = (value: unknown): string => (value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

export async function AuditEntries({ entries, locale }: { entries: AuditEntryView[]; locale: string }) {
  const t = await getTranslations('staffAdmin.audit');
  return (
    // A grid list rather than a table: three columns on a desktop (who and when, what, then why and
    // the change, which wraps), stacked on a phone so before → after never scrolls out of view.
    <ul className="-mx-4 divide-y divide-zinc-100 text-sm sm:-mx-5" aria-label={t('title')}>
      <li aria-hidden className="hidden gap-x-4 px-5 pb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500 md:grid md:grid-cols-[13rem_15rem_minmax(0,1fr)]">
        <span>
          {t('when')} · {t('who')}
        </span>
        <span>{t('what')}</span>
        <span>
          {t('why')} · {t('change')}
        </span>
      </li>
      {entries.map((entry) => (
        <li key={entry.id} data-testid="audit-row" className="grid gap-x-4 gap-y-1 px-4 py-2.5 sm:px-5 md:grid-cols-[13rem_15rem_minmax(0,1fr)]">
          <div className="min-w-0">
            <span className="block tabular-nums text-xs text-zinc-500">{formatDateTime(entry.createdAt, locale)}</span>
            <span className="block truncate text-zinc-800" title={entry.actorEmail ?? undefined}>
              {entry.actorEmail ?? t(`actorTypes.${entry.actorType}` as 'actorTypes.staff')}
            </span>
            {entry.actorEmail ? null : entry.actorId ? <span className="block font-mono text-xs text-zinc-500">{entry.actorId}</span> : null}
          </div>
          <div className="min-w-0">
            <span className="block font-mono text-xs font-medium text-zinc-900">{entry.action}</span>
            <span className="block break-all font-mono text-xs text-zinc-500">
              {entry.subjectType}:{entry.subjectId}
            </span>
          </div>
          <div className="min-w-0">
            {entry.reason ? <p className="mb-0.5 text-zinc-800">{entry.reason}</p> : null}
            {entry.changes.length === 0 ? (
              <span className="text-zinc-400">{t('noChange')}</span>
            ) : (
              <dl className="space-y-0.5 text-xs" data-testid="audit-changes">
                {entry.changes.map((change) => (
                  <div key={change.path} className="flex flex-wrap gap-x-1.5">
                    <dt className="font-mono text-zinc-500">{change.path || '·'}</dt>
                    <dd className="break-all">
                      <del className="text-red-700 decoration-red-300">{show(change.before) || t('empty')}</del>
                      <span className="px-1 text-zinc-400" aria-hidden>
                        →
                      </span>
                      <ins className="text-emerald-800 no-underline">{show(change.after) || t('empty')}</ins>
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
