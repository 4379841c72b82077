// One attachment of an outbox message, for admins (who alone read the Mailbox): the very bytes
// stored with the message and delivered. The viewer is checked here, not by the layout.
import { roleAllows } from '@/server/auth/roles';
import { getViewer } from '@/server/auth/viewer';
import { getDb } from '@/server/database';
import { isSettleError } from '@/server/errors';
import { getOutboxAttachment } from '@/server/notifications/mailer';

export const dynamic = 'force-dynamic';

const text = (body: string, status: number) => new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store' } });

export async function GET(_request: Request, { params }: { params: Promise<{ id: string; position: string }> }) {
  const { id, position } = await params;
  const viewer = await getViewer();
  if (!viewer) return text('Sign in to see this attachment.', 401);
  if (viewer.kind !== 'staff' || !viewer.role || !roleAllows(viewer.role, ['admin'])) return text('Only admins may open the Mailbox.', 403);
  if (!/^\d{1,3}$/.test(position)) return text('Not found.', 404);
  try {
    const file = await getOutboxAttachment(await getDb(), id, Number(position));
    return new Response(Buffer.from(file.content), {
      status: 200,
      headers: {
        'Content-Type': file.contentType,
        'Content-Disposition': `inline; filename="${file.filename.replace(/[^A-Za-z0-9._-]+/g, '-')}"`,
        'Content-Length': String(file.content.byteLength),
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (error) {
    if (isSettleError(error) && error.code === 'NOT_FOUND') return text('Not found.', 404);
    throw error;
  }
}
