// The heading of an admin page, with an optional way back to the settings index.
import Link from 'next/link';
import type { ReactNode } from 'react';

export function PageHeader({ title, intro, back, action }: { title: string; intro?: ReactNode; back?: { href: string; label: string }; action?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0">
        {back ? (
          <Link href={back.href} className="text-xs font-medium text-zinc-500 hover:text-zinc-800 hover:underline">
            ← {back.label}
          </Link>
        ) : null}
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        {intro ? <p className="mt-1 max-w-3xl text-sm text-zinc-500">{intro}</p> : null}
      </div>
      {action}
    </div>
  );
}
