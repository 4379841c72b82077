// The audit log as CSV, with the page's filters. Admins only: the viewer is checked here, since a
// route handler gets no layout and no procedure middleware.
import { roleAllows } from '@/server/auth/roles';
import { getViewer } from '@/server/auth/viewer';
import { getDb } from '@/server/database';
import { isSettleError } from '@/server/errors';
import { auditCsv, type AuditFilter } from '@/server/staff/audit-log';

export const dynamic = 'force-dynamic';

const filterKeys = ['actor', 'action', 'subjectType', 'subjectId', 'from', 'to'] as const;

export async function GET(request: Request) {
  const viewer = await getViewer();
  if (!viewer) return Response.json({ error: { code: 'UNAUTHENTICATED' } }, { status: 401 });
  if (viewer.kind !== 'staff' || !viewer.role || !roleAllows(viewer.role, ['admin'])) return Response.json({ error: { code: 'FORBIDDEN' } }, { status: 403 });

  const params = new URL(request.url).searchParams;
  const filter: AuditFilter = {};
  for (const key of filterKeys) {
    const value = params.get(key)?.trim();
    if (value) filter[key] = value.slice(0, 254);
  }
  const db = await getDb();
  const lines = auditCsv(db, filter);
  // The first chunk (the header) is read before answering, after the filters are checked, so a bad
  // filter is a 400 rather than a broken download.
  let first: IteratorResult<string>;
  try {
    first = await lines.next();
    const second = await lines.next();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const encoder = new TextEncoder();
        if (!first.done) controller.enqueue(encoder.encode(first.value));
        if (!second.done) controller.enqueue(encoder.encode(second.value));
        if (second.done) controller.close();
      },
      async pull(controller) {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(new TextEncoder().encode(next.value));
      },
    });
    return new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="settle-audit-log.csv"',
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    if (isSettleError(error)) return Response.json({ error: { code: error.code, param: error.param ?? null, message: error.message } }, { status: error.httpStatus });
    throw error;
  }
}
