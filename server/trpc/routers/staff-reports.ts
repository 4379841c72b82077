// Finance reports for the staff console: finance and admin only (support is refused).
import { z } from 'zod';
import { periodFromDates, reportCurrencies, reportNames, reportView, runReport, type ReportName } from '../../reports';
import { router, staffProcedure } from '../init';

const day = z.string().max(10).optional();

export const staffReportsRouter = router({
  options: staffProcedure('finance').query(async ({ ctx }) => ({ now: ctx.clock.now(), currencies: await reportCurrencies(ctx.db) })),
  run: staffProcedure('finance')
    .input(z.object({ report: z.enum(reportNames as [ReportName, ...ReportName[]]), from: day, to: day, currency: z.string().max(3) }))
    .query(async ({ ctx, input }) => {
      const now = ctx.clock.now();
      const period = periodFromDates(input, now);
      const data = await runReport(ctx.db, input.report, { from: period.from, to: period.to, currency: input.currency, asOf: now });
      return { period: { from: period.fromDate, to: period.toDate }, view: reportView(input.report, data) };
    }),
});
