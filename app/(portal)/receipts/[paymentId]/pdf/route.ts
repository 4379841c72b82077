// The receipt of one of the signed-in customer's payments as a PDF; the viewer is checked here.
import { getViewer } from '@/server/auth/viewer';
import { getDb } from '@/server/database';
import { customerReceiptPdf } from '@/server/documents';
import { pdfResponse } from '@/server/documents/http';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ paymentId: string }> }) {
  const { paymentId } = await params;
  return pdfResponse(async () => customerReceiptPdf(await getDb(), await getViewer(), paymentId));
}
