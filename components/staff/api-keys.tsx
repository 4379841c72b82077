'use client';
// Create and revoke REST API keys. A new key's secret is shown once and never again.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { formatDateTime } from '../format';
import { useTRPC } from '../trpc/client';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, EmptyState } from '../ui/card';
import { Dialog } from '../ui/dialog';
import { Input } from '../ui/field';
import { Table, Td, Th } from '../ui/table';
import { useToast } from '../ui/toast';

export function ApiKeys() {
  const t = useTranslations('staff.apiKeys');
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const keys = useQuery(trpc.staff.apiKeys.list.queryOptions());
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.staff.apiKeys.list.queryKey() });
  const create = useMutation(
    trpc.staff.apiKeys.create.mutationOptions({
      onSuccess: (key) => {
        setSecret(key.secret);
        setName('');
        void refresh();
      },
      onError: (failure) => setError(failure.message),
    }),
  );
  const revoke = useMutation(
    trpc.staff.apiKeys.revoke.mutationOptions({
      onSuccess: () => {
        toast(t('revoked'), 'success');
        void refresh();
      },
      onError: (failure) => toast(failure.message, 'error'),
    }),
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSecret(null);
    create.mutate({ name });
  }

  return (
    <div className="space-y-6">
      <Card title={t('create')}>
        <form onSubmit={onSubmit} className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <div className="sm:w-80">
            <Input label={t('name')} hint={t('nameHint')} value={name} onChange={(e) => setName(e.target.value)} error={error} required maxLength={100} />
          </div>
          <Button type="submit" disabled={create.isPending}>
            {t('createButton')}
          </Button>
        </form>
        {secret ? (
          <div role="status" className="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm">
            <p className="font-medium text-amber-900">{t('secretOnce')}</p>
            <code data-testid="api-key-secret" className="mt-2 block break-all rounded bg-white px-2 py-1.5 font-mono text-xs text-zinc-900">
              {secret}
            </code>
          </div>
        ) : null}
      </Card>
      <Card title={t('title')}>
        {keys.data && keys.data.length === 0 ? (
          <EmptyState title={t('none')} />
        ) : (
          <Table caption={t('title')}>
            <thead>
              <tr>
                <Th>{t('name')}</Th>
                <Th>{t('prefix')}</Th>
                <Th>{t('created')}</Th>
                <Th>{t('lastUsed')}</Th>
                <Th>
                  <span className="sr-only">{t('actions')}</span>
                </Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {keys.data?.map((key) => (
                <tr key={key.id}>
                  <Td className="font-medium">{key.name}</Td>
                  <Td className="font-mono text-xs">{key.prefix}…</Td>
                  <Td>{formatDateTime(key.createdAt, locale)}</Td>
                  <Td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt, locale) : '—'}</Td>
                  <Td className="text-right">
                    {key.revokedAt ? (
                      <Badge>{t('revokedBadge')}</Badge>
                    ) : (
                      <Button variant="ghost" className="text-red-700" onClick={() => setRevoking({ id: key.id, name: key.name })}>
                        {t('revoke')}
                      </Button>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Dialog
        open={revoking !== null}
        title={t('revokeTitle', { name: revoking?.name ?? '' })}
        confirmLabel={t('revoke')}
        cancelLabel={t('cancel')}
        danger
        onClose={() => setRevoking(null)}
        onConfirm={() => {
          if (revoking) revoke.mutate({ id: revoking.id });
          setRevoking(null);
        }}
      >
        {t('revokeBody')}
      </Dialog>
    </div>
  );
}
