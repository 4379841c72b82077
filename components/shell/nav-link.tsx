'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { cn } from '../ui/cn';

export function NavLink({ href, children, tone = 'light', exact }: { href: string; children: ReactNode; tone?: 'light' | 'dark'; exact?: boolean }) {
  const pathname = usePathname();
  const active = exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={active ? 'page' : undefined}
      className={cn(
        'inline-flex min-h-9 items-center rounded-md px-3 text-sm font-medium whitespace-nowrap',
        tone === 'dark'
          ? active
            ? 'bg-zinc-800 text-white'
            : 'text-zinc-300 hover:bg-zinc-800 hover:text-white'
          : active
            ? 'bg-brand-50 text-brand-700'
            : 'text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900',
      )}
    >
      {children}
    </Link>
  );
}
