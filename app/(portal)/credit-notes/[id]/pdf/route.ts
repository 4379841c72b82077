// The signed-in customer's credit note as a PDF; the viewer is checked here, not by a layout.
import { getViewer } from '@/server/auth/viewer';
import { getDb } from '@/server/database';
import { customerCreditNotePdf } from '@/server/documents';
import { pdfResponse } from '@/server/documents/http';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return pdfResponse(async () => customerCreditNotePdf(await getDb(), await getViewer(), id));
}
