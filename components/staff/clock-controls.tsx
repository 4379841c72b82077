'use client';
// Moves the simulated billing clock forward; the renewals that fall due run before it answers.
import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useTRPC } from '../trpc/client';
import { Button } from '../ui/button';
import { useToast } from '../ui/toast';

const steps = [1, 7, 30] as const;

export function ClockControls() {
  const t = useTranslations('staff.billing');
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const advance = useMutation(
    trpc.staff.billing.advanceClock.mutationOptions({
      onSuccess: () => {
        toast(t('advanced'), 'success');
        router.refresh();
      },
      onError: (error) => toast(error.message, 'error'),
    }),
  );
  return (
    <div className="flex flex-wrap gap-2">
      {steps.map((days) => (
        <Button key={days} variant="secondary" disabled={advance.isPending} onClick={() => advance.mutate({ days })}>
          {t('advanceBy', { days })}
        </Button>
      ))}
      {advance.isPending ? <span className="self-center text-sm text-zinc-500">{t('running')}</span> : null}
    </div>
  );
}
