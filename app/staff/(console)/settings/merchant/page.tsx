import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { NumberingForm, TaxSettingsForm } from '@/components/staff/billing-settings-forms';
import { MerchantForm } from '@/components/staff/merchant-form';
import { PageHeader } from '@/components/staff/page-header';
import { Card } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { requireStaff } from '@/server/auth/guards';
import { serverApi } from '@/server/trpc/server-caller';

export const metadata: Metadata = { title: 'Merchant settings' };

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-zinc-900">{children}</dd>
    </div>
  );
}

export default async function MerchantSettingsPage() {
  await requireStaff('admin');
  const [api, t, common] = await Promise.all([serverApi(), getTranslations('staffAdmin.merchant'), getTranslations('staffAdmin.common')]);
  const [merchant, numbering, taxes] = await Promise.all([api.staff.settings.merchant(), api.staff.settings.numbering(), api.staff.settings.taxes()]);
  return (
    <div className="space-y-5">
      <PageHeader title={t('title')} intro={t('intro')} back={{ href: '/staff/settings', label: common('back') }} />
      <MerchantForm initial={merchant} />
      <div className="grid gap-5 lg:grid-cols-2">
        <div id="numbering" className="scroll-mt-4">
          <Card title={t('numbering')}>
            <p className="mb-4 text-sm text-zinc-600">{t('numberingBody')}</p>
            <NumberingForm initial={{ invoicePrefix: numbering.invoicePrefix, creditNotePrefix: numbering.creditNotePrefix }} year={numbering.year} />
            {numbering.series.length === 0 ? (
              <p className="mt-3 text-sm text-zinc-500">{t('noSeries')}</p>
            ) : (
              <div className="mt-3">
                <Table caption={t('numbering')}>
                  <thead>
                    <tr>
                      <Th>{t('series')}</Th>
                      <Th>{t('nextNumber')}</Th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-zinc-100">
                    {numbering.series.map((row) => (
                      <tr key={row.series}>
                        <Td className="font-mono text-xs">{row.series}</Td>
                        <Td className="font-mono text-xs">{row.nextNumber}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </div>
            )}
          </Card>
        </div>
        <div id="taxes" className="scroll-mt-4">
          <Card title={t('taxes')}>
            <p className="text-sm text-zinc-600">{t('taxesBody')}</p>
            <dl className="mt-3 grid grid-cols-2 gap-3">
              <Fact label={t('taxCountry')}>{taxes.country}</Fact>
              <Fact label={t('euMember')}>{taxes.euMember ? t('yes') : t('no')}</Fact>
              <Fact label={t('taxVat')}>{taxes.vatNumber ?? t('noVat')}</Fact>
              <Fact label={t('domesticRate')}>{taxes.domesticRate ? `${taxes.domesticRate.label} ${taxes.domesticRate.percent} %` : '—'}</Fact>
            </dl>
            <div className="mt-4 border-t border-zinc-100 pt-4">
              <TaxSettingsForm initial={{ taxRegistrations: taxes.taxRegistrations, taxRates: taxes.taxRates }} />
            </div>
          </Card>
        </div>
      </div>
    </div>
  );
}
