'use client';
// Admins add staff users with a role and a first password, change roles and deactivate people.
// Role changes and (de)activation ask for a reason, which goes to the audit log.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { formatDate } from '../format';
import { useTRPC } from '../trpc/client';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Dialog } from '../ui/dialog';
import { Input, Select } from '../ui/field';
import { useToast } from '../ui/toast';

const roles = ['support', 'finance', 'admin'] as const;

type Pending = { kind: 'role' | 'deactivate' | 'reactivate'; userId: string; email: string; role: string };
type Failure = { message: string; data?: { settleCode?: string | null; param?: string | null } | null };

export function StaffUsers({ viewerId }: { viewerId: string }) {
  const t = useTranslations('staffAdmin.staff');
  const common = useTranslations('staffAdmin.common');
  const roleLabel = useTranslations('staff.role');
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const members = useQuery(trpc.staff.users.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.staff.users.list.queryKey() });

  const [form, setForm] = useState({ email: '', name: '', role: 'support', password: '' });
  const [formError, setFormError] = useState<{ param: string; message: string } | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [newRole, setNewRole] = useState('support');
  const [pendingError, setPendingError] = useState<string | null>(null);

  /** The localised message for a refusal we know, else the server's own words. */
  function describe(failure: Failure): { param: string; message: string } {
    const code = failure.data?.settleCode;
    const param = failure.data?.param ?? '';
    if (code === 'CONFLICT') return { param, message: t('errors.lastAdmin') };
    if (code === 'EMAIL_TAKEN') return { param: 'email', message: t('errors.emailTaken') };
    if (code === 'WEAK_PASSWORD') return { param: 'password', message: t('errors.password') };
    if (code === 'INVALID_ROLE') return { param: 'role', message: t('errors.role') };
    if (code === 'VALIDATION_FAILED' && (param === 'email' || param === 'reason')) return { param, message: t(`errors.${param}`) };
    return { param, message: failure.message };
  }

  const invite = useMutation(
    trpc.staff.users.invite.mutationOptions({
      onSuccess: (member) => {
        toast(t('invited', { email: member.email }), 'success');
        setForm({ email: '', name: '', role: 'support', password: '' });
        void refresh();
      },
      onError: (failure) => setFormError(describe(failure)),
    }),
  );
  const done = (message: string) => {
    toast(message, 'success');
    setPending(null);
    void refresh();
  };
  const onPendingError = (failure: Failure) => setPendingError(describe(failure).message);
  const changeRole = useMutation(trpc.staff.users.changeRole.mutationOptions({ onSuccess: () => done(t('roleChanged')), onError: onPendingError }));
  const setActive = useMutation(
    trpc.staff.users.setActive.mutationOptions({ onSuccess: (member) => done(member.active ? t('reactivated') : t('deactivated')), onError: onPendingError }),
  );

  function onInvite(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    invite.mutate({ email: form.email, name: form.name || undefined, role: form.role, password: form.password });
  }

  function open(kind: Pending['kind'], member: { id: string; email: string; role: string }) {
    setPending({ kind, userId: member.id, email: member.email, role: member.role });
    setNewRole(member.role);
    setReason('');
    setPendingError(null);
  }

  function confirm() {
    if (!pending) return;
    setPendingError(null);
    if (pending.kind === 'role') changeRole.mutate({ userId: pending.userId, role: newRole, reason });
    else setActive.mutate({ userId: pending.userId, active: pending.kind === 'reactivate', reason });
  }

  const fieldError = (param: string) => (formError?.param === param ? formError.message : null);
  const dialogTitle = pending ? t(`${pending.kind === 'role' ? 'changeRole' : pending.kind}Title`, { email: pending.email }) : '';

  return (
    <div className="space-y-6">
      <Card title={t('invite')}>
        <form onSubmit={onInvite} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1.4fr_1fr_0.8fr_1.2fr_auto] lg:items-start">
          <Input label={t('email')} type="email" autoComplete="off" required maxLength={254} value={form.email} error={fieldError('email')} onChange={(e) => setForm({ ...form, email: e.target.value })} />
          <Input label={t('name')} maxLength={100} value={form.name} error={fieldError('name')} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          <Select label={t('role')} value={form.role} error={fieldError('role')} onChange={(e) => setForm({ ...form, role: e.target.value })}>
            {roles.map((role) => (
              <option key={role} value={role}>
                {roleLabel(role)}
              </option>
            ))}
          </Select>
          <Input
            label={t('password')}
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            maxLength={72}
            value={form.password}
            hint={t('passwordHint')}
            error={fieldError('password')}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
          <Button type="submit" className="lg:mt-7" disabled={invite.isPending}>
            {t('inviteButton')}
          </Button>
        </form>
        {formError && !['email', 'name', 'role', 'password'].includes(formError.param) ? (
          <p role="alert" className="mt-3 text-sm text-red-700">
            {formError.message}
          </p>
        ) : null}
      </Card>
      <Card title={t('list')}>
        {/* A list rather than a table: on a phone each person wraps onto two lines instead of scrolling sideways. */}
        <ul className="-mx-4 divide-y divide-zinc-100 sm:-mx-5">
          {members.data?.map((member) => (
            <li key={member.id} data-testid="staff-row" className="flex flex-wrap items-center gap-x-4 gap-y-1.5 px-4 py-2.5 sm:px-5">
              <div className="min-w-0 flex-1 basis-64">
                <p className="truncate text-sm font-medium text-zinc-900" title={member.email}>
                  {member.email}
                  {member.id === viewerId ? <span className="ml-1 text-xs font-normal text-zinc-500">({t('you')})</span> : null}
                </p>
                <p className="truncate text-xs text-zinc-500">
                  {member.name ? `${member.name} · ` : ''}
                  {t('since')} {formatDate(member.createdAt, locale)}
                </p>
              </div>
              <div className="flex w-44 items-center gap-2 text-sm">
                <span className="w-16 text-zinc-800">{roleLabel(member.role)}</span>
                {member.active ? <Badge tone="success">{common('active')}</Badge> : <Badge>{common('deactivated')}</Badge>}
              </div>
              <div className="flex gap-1">
                <Button variant="ghost" className="min-h-8! px-2.5! py-1!" onClick={() => open('role', member)}>
                  {t('changeRole')}
                </Button>
                {member.active ? (
                  <Button variant="ghost" className="min-h-8! px-2.5! py-1! text-red-700" onClick={() => open('deactivate', member)}>
                    {t('deactivate')}
                  </Button>
                ) : (
                  <Button variant="ghost" className="min-h-8! px-2.5! py-1!" onClick={() => open('reactivate', member)}>
                    {t('reactivate')}
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ul>
      </Card>
      <Dialog
        open={pending !== null}
        title={dialogTitle}
        confirmLabel={pending ? t(pending.kind === 'role' ? 'changeRole' : pending.kind) : ''}
        cancelLabel={common('cancel')}
        danger={pending?.kind === 'deactivate'}
        onClose={() => setPending(null)}
        onConfirm={confirm}
      >
        <div className="space-y-3">
          {pending?.kind === 'deactivate' ? <p>{t('deactivateBody')}</p> : null}
          {pending?.kind === 'reactivate' ? <p>{t('reactivateBody')}</p> : null}
          {pending?.kind === 'role' ? (
            <Select label={t('newRole')} value={newRole} onChange={(e) => setNewRole(e.target.value)}>
              {roles.map((role) => (
                <option key={role} value={role}>
                  {roleLabel(role)}
                </option>
              ))}
            </Select>
          ) : null}
          <Input label={common('reason')} hint={common('reasonHint')} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          {pendingError ? (
            <p role="alert" className="text-sm text-red-700">
              {pendingError}
            </p>
          ) : null}
        </div>
      </Dialog>
    </div>
  );
}
