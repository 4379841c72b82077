// One finance report on the page: its headline figures, then each table with its chart and CSV
// link, then the formulas. Cells carry their exact plain value in data-raw (what the CSV holds).
import { getLocale, getTranslations } from 'next-intl/server';
import { Card, EmptyState } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { currencyExponent } from '@/server/money/currencies';
import { rawCell, type ReportTable, type ReportView } from '@/server/reports/tables';
import { BarChart } from './charts/bar-chart';
import { LineChart } from './charts/line-chart';
import { axisFormatter, chartValue, formatCell, shortDate } from './report-format';

export async function ReportBody({ view, csvHref }: { view: ReportView; csvHref: (table: number) => string }) {
  const [t, locale] = await Promise.all([getTranslations('staffReports'), getLocale()]);
  const label = (key: string) => t(`labels.${key}` as 'labels.new');
  const metric = (key: string) => t(`metrics.${key}` as 'metrics.mrr');
  const none = t('noFigure');
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="report-summary">
        {view.summary.map((item) => (
          <div key={item.key} className="rounded-lg border border-zinc-200 bg-white px-3 py-2.5 shadow-sm">
            <dt className="truncate text-xs font-medium text-zinc-500">{metric(item.key)}</dt>
            <dd className="mt-0.5 text-lg font-semibold tabular-nums text-zinc-900" data-raw={rawCell(item.kind, item.value, view.currency)}>
              {formatCell(item.kind, item.value, view.currency, locale, label, none)}
            </dd>
          </div>
        ))}
      </dl>
      {view.tables.map((table, index) => (
        <Card
          key={table.title}
          title={t(`tables.${table.title}` as 'tables.mrrByMonth')}
          action={
            <a href={csvHref(index)} className="text-sm font-medium text-brand-700 hover:underline" download data-testid={`report-csv-${index}`}>
              {t('csv')}
            </a>
          }
        >
          {table.rows.length === 0 ? (
            <EmptyState title={t('empty')} />
          ) : (
            <div className="space-y-4">
              <ReportChart table={table} currency={view.currency} locale={locale} title={t('chart', { title: t(`tables.${table.title}` as 'tables.mrrByMonth') })} label={label} metric={metric} />
              <Table caption={t(`tables.${table.title}` as 'tables.mrrByMonth')}>
                <thead>
                  <tr>
                    {table.columns.map((column) => (
                      <Th key={column.key} className={numeric(column.kind) ? 'text-right' : undefined}>
                        {metric(column.key)}
                      </Th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100" data-testid={`report-table-${index}`}>
                  {table.rows.map((row, r) => (
                    <tr key={r}>
                      {row.map((cell, c) => {
                        const kind = table.columns[c]!.kind;
                        return (
                          <Td key={c} className={numeric(kind) ? 'py-1.5 text-right tabular-nums' : 'py-1.5'} data-raw={rawCell(kind, cell, view.currency)}>
                            {formatCell(kind, cell, view.currency, locale, label, none)}
                          </Td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          )}
        </Card>
      ))}
    </div>
  );
}

const numeric = (kind: string) => kind !== 'text' && kind !== 'label' && kind !== 'date';

function ReportChart({ table, currency, locale, title, label, metric }: { table: ReportTable; currency: string; locale: string; title: string; label: (key: string) => string; metric: (key: string) => string }) {
  if (!table.chart) return null;
  const { x, series, type } = table.chart;
  const exponent = currencyExponent(currency);
  const groups = table.rows.map((row) => ({
    label: x === null ? '' : groupLabel(table.columns[x]!.kind, row[x]!, locale, label),
    values: series.map((s) => chartValue(table.columns[s]!.kind, row[s]!, exponent)),
  }));
  const props = { title, groups, series: series.map((s) => metric(table.columns[s]!.key)), format: axisFormatter(table.columns[series[0]!]!.kind, currency, locale) };
  return type === 'line' ? <LineChart {...props} /> : <BarChart {...props} />;
}

function groupLabel(kind: string, value: unknown, locale: string, label: (key: string) => string): string {
  if (value === null) return '';
  if (kind === 'date') return shortDate(value as Date, locale);
  if (kind === 'label') return label(String(value));
  const text = String(value);
  return text.length > 14 ? `${text.slice(0, 13)}…` : text;
}
