// A report table as CSV, exactly the cells the page shows (in their plain form), for finance and
// admin: the staff role is checked by the procedure, not by the console layout.
import { TRPCError } from '@trpc/server';
import { getTranslations } from 'next-intl/server';
import { isReportName, rawCell, toCsv } from '@/server/reports';
import { createRequestContext } from '@/server/trpc/request-context';
import { createCaller } from '@/server/trpc/root';
import { filterError, readSearch } from '../../report-search';

export const dynamic = 'force-dynamic';

const statusOf: Partial<Record<TRPCError['code'], number>> = { UNAUTHORIZED: 401, FORBIDDEN: 403 };

export async function GET(request: Request, { params }: { params: Promise<{ report: string }> }) {
  const { report } = await params;
  if (!isReportName(report)) return new Response('Not found', { status: 404 });
  const search = readSearch(new URL(request.url).searchParams);
  const api = createCaller(await createRequestContext({ req: request }));
  try {
    const { period, view } = await api.staff.reports.run({ report, from: search.from, to: search.to, currency: search.currency ?? 'EUR' });
    const table = view.tables[Number(search.table ?? 0)];
    if (!table) return new Response('No such table', { status: 404 });
    const t = await getTranslations('staffReports.metrics');
    const csv = toCsv(
      table.columns.map((column) => t(column.key as 'mrr')),
      table.rows.map((row) => row.map((cell, index) => rawCell(table.columns[index]!.kind, cell, view.currency))),
    );
    return new Response(csv, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="settle-${report}-${table.title}-${period.from}-${period.to}-${view.currency}.csv"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (error) {
    if (error instanceof TRPCError && statusOf[error.code]) return new Response(error.message, { status: statusOf[error.code] });
    const refused = filterError(error);
    if (refused) return new Response(`${refused.field}: ${refused.message}`, { status: 400 });
    throw error;
  }
}
