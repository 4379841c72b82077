// Any issued invoice as a PDF, for any staff role; the viewer is checked here, not by the layout.
import { getViewer } from '@/server/auth/viewer';
import { getDb } from '@/server/database';
import { staffInvoicePdf } from '@/server/documents';
import { pdfResponse } from '@/server/documents/http';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return pdfResponse(async () => staffInvoicePdf(await getDb(), await getViewer(), id));
}
