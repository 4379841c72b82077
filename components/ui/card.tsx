import { useId, type ReactNode } from 'react';
import { cn } from './cn';

export function Card({ title, action, children, className }: { title?: ReactNode; action?: ReactNode; children: ReactNode; className?: string }) {
  const headingId = useId();
  return (
    <section aria-labelledby={title ? headingId : undefined} className={cn('rounded-xl border border-zinc-200 bg-white shadow-sm', className)}>
      {title ? (
        <header className="flex items-center justify-between gap-3 border-b border-zinc-100 px-4 py-3 sm:px-5">
          <h2 id={headingId} className="text-sm font-semibold text-zinc-900">
            {title}
          </h2>
          {action}
        </header>
      ) : null}
      <div className="px-4 py-4 sm:px-5">{children}</div>
    </section>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-zinc-300 px-4 py-8 text-center">
      <p className="text-sm font-medium text-zinc-800">{title}</p>
      {children ? <div className="mt-1 text-sm text-zinc-500">{children}</div> : null}
    </div>
  );
}
