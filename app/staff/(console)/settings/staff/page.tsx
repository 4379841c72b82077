import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/staff/page-header';
import { StaffUsers } from '@/components/staff/staff-users';
import { requireStaff } from '@/server/auth/guards';

export const metadata: Metadata = { title: 'Staff users' };

export default async function StaffUsersPage() {
  const viewer = await requireStaff('admin');
  const [t, common] = await Promise.all([getTranslations('staffAdmin.staff'), getTranslations('staffAdmin.common')]);
  return (
    <div className="space-y-5">
      <PageHeader title={t('title')} intro={t('intro')} back={{ href: '/staff/settings', label: common('back') }} />
      <StaffUsers viewerId={viewer.userId} />
    </div>
  );
}
