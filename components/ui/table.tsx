// A table that scrolls sideways inside its card on narrow screens instead of widening the page.
// The wrapper is positioned so absolutely positioned content (sr-only labels) stays inside it too.
import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';
import { cn } from './cn';

export function Table({ caption, children }: { caption?: string; children: ReactNode }) {
  return (
    <div className="relative -mx-4 overflow-x-auto sm:-mx-5">
      <table className="min-w-full divide-y divide-zinc-200 text-sm">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        {children}
      </table>
    </div>
  );
}

export const Th = ({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) => (
  <th scope="col" className={cn('whitespace-nowrap px-4 py-2 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500 sm:px-5', className)} {...props} />
);

export const Td = ({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) => (
  <td className={cn('whitespace-nowrap px-4 py-2.5 text-zinc-800 sm:px-5', className)} {...props} />
);
