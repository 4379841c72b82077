// The audit log for admins: filtered and paged here; the CSV export is a route handler.
import { z } from 'zod';
import { listAuditEntries } from '../../staff/audit-log';
import { router, staffProcedure } from '../init';

export const auditFilterInput = z.object({
  actor: z.string().max(254).optional(),
  action: z.string().max(100).optional(),
  subjectType: z.string().max(100).optional(),
  subjectId: z.string().max(200).optional(),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
});

export const staffAuditRouter = router({
  list: staffProcedure('admin')
    .input(auditFilterInput.extend({ cursor: z.string().max(200).optional(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => listAuditEntries(ctx.db, input)),
});
