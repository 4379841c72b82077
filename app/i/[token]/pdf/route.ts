// The hosted invoice link's PDF: whoever holds the unguessable token may read that one invoice.
import { getDb } from '@/server/database';
import { hostedInvoicePdf } from '@/server/documents';
import { pdfResponse } from '@/server/documents/http';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return pdfResponse(async () => hostedInvoicePdf(await getDb(), token));
}
