'use client';
// Admins set the most support may refund at a time, per currency; each change is audited.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { formatDateTime, formatMoney } from '../../format';
import { useTRPC } from '../../trpc/client';
import { Card, EmptyState } from '../../ui/card';
import { Input } from '../../ui/field';
import { Table, Td, Th } from '../../ui/table';
import { ActionDialog } from './action-dialog';
import { toMinorUnits } from './minor-units';

export function RefundLimits() {
  const t = useTranslations('support');
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const limits = useQuery(trpc.staff.actions.refundLimits.queryOptions());
  const save = useMutation(trpc.staff.actions.setRefundLimit.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.staff.actions.refundLimits.queryKey() }) }));
  const [currency, setCurrency] = useState('EUR');
  const [amount, setAmount] = useState('');
  const code = currency.trim().toUpperCase();
  const validCurrency = /^[A-Z]{3}$/.test(code) && (() => {
    try {
      return Boolean(new Intl.NumberFormat('en', { style: 'currency', currency: code }));
    } catch {
      return false;
    }
  })();
  return (
    <div className="space-y-5">
      <p className="max-w-3xl text-sm text-zinc-600">{t('refundLimits.intro')}</p>
      <Card title={t('refundLimits.title')}>
        {limits.data && limits.data.length === 0 ? (
          <EmptyState title={t('refundLimits.none')} />
        ) : (
          <Table caption={t('refundLimits.title')}>
            <thead>
              <tr>
                <Th>{t('refundLimits.currency')}</Th>
                <Th className="text-right">{t('refundLimits.limit')}</Th>
                <Th>{t('refundLimits.updated')}</Th>
                <Th className="text-right">{t('view.col.actions')}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {limits.data?.map((limit) => (
                <tr key={limit.currency}>
                  <Td className="font-mono">{limit.currency}</Td>
                  <Td className="text-right tabular-nums">{formatMoney(limit.limitMinor, limit.currency, locale)}</Td>
                  <Td className="text-xs text-zinc-600">{formatDateTime(limit.updatedAt, locale)}</Td>
                  <Td className="py-1.5 text-right">
                    <ActionDialog small danger label={t('refundLimits.remove')} title={t('refundLimits.removeTitle', { currency: limit.currency })} run={async (reason) => {
                      await save.mutateAsync({ currency: limit.currency, limitMinor: null, reason });
                      return t('refundLimits.removed');
                    }} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <div className="flex max-w-2xl flex-wrap items-end gap-3">
        <div className="w-32">
          <Input label={t('refundLimits.currency')} hint={t('refundLimits.currencyHint')} value={currency} maxLength={3} onChange={(event) => setCurrency(event.target.value)} />
        </div>
        <div className="w-44">
          <Input label={t('actions.amount', { currency: validCurrency ? code : '—' })} inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} />
        </div>
        <div className="pb-6">
          <ActionDialog
            variant="primary"
            label={t('refundLimits.save')}
            title={t('refundLimits.save')}
            validate={() => (validCurrency && toMinorUnits(amount, code) !== null ? null : t('errors.amount'))}
            run={async (reason) => {
              await save.mutateAsync({ currency: code, limitMinor: toMinorUnits(amount, code)!, reason });
              setAmount('');
              return t('refundLimits.saved');
            }}
          >
            <p>
              {code} · {validCurrency && toMinorUnits(amount, code) !== null ? formatMoney(BigInt(toMinorUnits(amount, code)!), code, locale) : '—'}
            </p>
          </ActionDialog>
        </div>
      </div>
    </div>
  );
}
