import type { ReactNode } from 'react';
import { LocaleSwitcher } from '../shell/locale-switcher';

/** The centred card every sign-in page sits in. */
export function AuthFrame({ brand, children }: { brand: string; children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex items-center justify-between px-4 py-4 sm:px-8">
        <span className="text-base font-bold tracking-tight text-zinc-900">{brand}</span>
        <LocaleSwitcher />
      </header>
      <main id="main" className="flex flex-1 items-start justify-center px-4 pb-16 pt-6 sm:items-center sm:pt-0">
        <div className="w-full max-w-md rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm sm:p-8">{children}</div>
      </main>
    </div>
  );
}
