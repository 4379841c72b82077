// The signed-in customer's invoice as a PDF. Route handlers sit outside the portal layout's check,
// so the viewer is checked here (by the domain function, scoped to the viewer's account).
import { getViewer } from '@/server/auth/viewer';
import { getDb } from '@/server/database';
import { customerInvoicePdf } from '@/server/documents';
import { pdfResponse } from '@/server/documents/http';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return pdfResponse(async () => customerInvoicePdf(await getDb(), await getViewer(), id));
}
