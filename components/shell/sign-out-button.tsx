import { getTranslations } from 'next-intl/server';
import { signOutAction } from '@/app/actions';
import { cn } from '../ui/cn';

export async function SignOutButton({ tone = 'light' }: { tone?: 'light' | 'dark' }) {
  const t = await getTranslations('common');
  return (
    <form action={signOutAction}>
      <button
        type="submit"
        className={cn(
          'min-h-9 shrink-0 whitespace-nowrap rounded-md px-3 text-sm font-medium',
          tone === 'dark' ? 'text-zinc-200 hover:bg-zinc-800' : 'text-zinc-700 hover:bg-zinc-100',
        )}
      >
        {t('signOut')}
      </button>
    </form>
  );
}
