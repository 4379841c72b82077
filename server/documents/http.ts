// A rendered document as an HTTP answer, for the route handlers: inline PDF, never cached by a
// shared cache, and the domain's refusals as their statuses (a 404 is the same for a missing id
// and for someone else's).
import { isSettleError } from '../errors';
import type { RenderedPdf } from './render';

const textHeaders = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store' };

export async function pdfResponse(produce: () => Promise<RenderedPdf>): Promise<Response> {
  try {
    const pdf = await produce();
    return new Response(pdf.bytes as BodyInit, {
      status: 200,
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `inline; filename="${pdf.filename}"`,
        'Content-Length': String(pdf.bytes.byteLength),
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (error) {
    if (!isSettleError(error)) throw error;
    const body = error.code === 'NOT_FOUND' ? 'Not found.' : error.message;
    return new Response(body, { status: error.httpStatus, headers: textHeaders });
  }
}
