// The HTTP edge of the sandbox: reading form-encoded bodies the way Stripe's SDK writes them
// (`metadata[invoice]=…`, `expand[0]=…`), and writing Stripe-shaped JSON and errors.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormParams = { [key: string]: FormValue };

export type StripeErrorType = 'card_error' | 'invalid_request_error' | 'authentication_error' | 'idempotency_error' | 'api_error';

const statusByType: Record<StripeErrorType, number> = {
  card_error: 402,
  invalid_request_error: 400,
  authentication_error: 401,
  idempotency_error: 400,
  api_error: 500,
};

/** A refusal the sandbox answers with Stripe's error body; `extra` carries e.g. the payment_intent. */
export class SandboxError extends Error {
  constructor(
    readonly type: StripeErrorType,
    message: string,
    readonly details: { code?: string; declineCode?: string | null; param?: string; statusCode?: number; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
  }

  get statusCode(): number {
    return this.details.statusCode ?? statusByType[this.type];
  }

  toBody(): unknown {
    const error: Record<string, unknown> = { type: this.type, message: this.message };
    if (this.details.code) error.code = this.details.code;
    if (this.details.declineCode) error.decline_code = this.details.declineCode;
    if (this.details.param) error.param = this.details.param;
    Object.assign(error, this.details.extra);
    return { error };
  }
}

export function resourceMissing(kind: string, id: string, param = 'id'): SandboxError {
  return new SandboxError('invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', param, statusCode: 404 });
}

export function invalidParam(param: string, message: string): SandboxError {
  return new SandboxError('invalid_request_error', message, { code: 'parameter_invalid', param });
}

/** Parses `a[b][c]=1&list[0]=x&list[]=y` into nested objects and arrays. */
export function parseForm(body: string): FormParams {
  const root: FormParams = {};
  for (const [fullKey, value] of new URLSearchParams(body)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(fullKey);
    if (!match) continue;
    const path = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((part) => part[1]!)];
    let container: FormValue = root;
    for (let index = 0; index < path.length; index++) {
      const segment = path[index]!;
      const isLast = index === path.length - 1;
      const nextIsIndex = !isLast && /^\d*$/.test(path[index + 1]!);
      if (Array.isArray(container)) {
        const position: number = segment === '' ? container.length : Number(segment);
        if (isLast) container[position] = value;
        else container = container[position] ??= nextIsIndex ? [] : {};
      } else if (typeof container === 'object') {
        if (isLast) container[segment] = value;
        else container = container[segment] ??= nextIsIndex ? [] : {};
      } else {
        break; // a scalar already sits where a nested value was expected: ignore the rest
      }
    }
  }
  return root;
}

export async function readBody(request: IncomingMessage, limitBytes = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new SandboxError('invalid_request_error', 'Request body too large.', { statusCode: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(response: ServerResponse, statusCode: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body, null, 2);
  response.writeHead(statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

export function sendHtml(response: ServerResponse, statusCode: number, html: string, headers: Record<string, string> = {}): void {
  response.writeHead(statusCode, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), ...headers });
  response.end(html);
}

export function stringParam(params: FormParams, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParam(name, `Invalid ${name}: must be a string.`);
  return value;
}

export function booleanParam(params: FormParams, name: string): boolean {
  const value = stringParam(params, name);
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw invalidParam(name, `Invalid boolean: ${value}`);
}

export function integerParam(params: FormParams, name: string): number | undefined {
  const value = stringParam(params, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw invalidParam(name, `Invalid integer: ${value}`);
  return Number(value);
}

export function metadataParam(params: FormParams): Record<string, string> {
  const value = params.metadata;
  if (value === undefined || value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParam('metadata', 'Invalid metadata: must be a hash.');
  const metadata: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw invalidParam(`metadata[${key}]`, 'Metadata values must be strings.');
    if (entry !== '') metadata[key] = entry;
  }
  return metadata;
}
