// The OpenAPI 3.1 document of the REST API, built from the endpoint definitions themselves (their
// zod schemas become JSON Schema 2020-12, which OpenAPI 3.1 speaks natively) plus the prose below.
// Named resources (`resource('Customer', …)`) become components.schemas and are referenced.
import { z } from 'zod';
import type { Endpoint } from './endpoint';
import { idempotencyHeader } from './idempotency';

type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = Record<string, unknown> & { openapi: '3.1.0'; paths: Record<string, Record<string, Operation>> };
type Operation = Record<string, unknown> & { operationId: string; responses: Record<string, unknown> };

/** Names a response schema so the document shows it once, under components.schemas. */
export function resource<Schema extends z.ZodType>(id: string, description: string, schema: Schema): Schema {
  return schema.meta({ id, description });
}

const errorSchema: JsonSchema = {
  type: 'object',
  description: 'Every error, whatever the status.',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', description: 'Stable, machine-readable: VALIDATION_FAILED, UNAUTHENTICATED, NOT_FOUND, IDEMPOTENCY_KEY_REUSED, INTERNAL, …' },
        message: { type: 'string', description: 'For the developer reading logs; may change.' },
        param: { type: 'string', description: 'The offending field, dotted with bracketed indexes (`address.country`, `tiers[0].upTo`), or the header.' },
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
};

const errorDescriptions: Record<number, string> = {
  400: 'The request is invalid (`VALIDATION_FAILED`); `param` names the field.',
  401: 'The API key is missing, unknown or revoked (`UNAUTHENTICATED`).',
  402: 'The gateway declined the payment method (`PAYMENT_DECLINED`); `message` says why.',
  403: 'The request is not allowed in this deployment (`FORBIDDEN`).',
  404: 'No such object (`NOT_FOUND`); `param` names the identifier.',
  405: 'The path exists but not with this method (`METHOD_NOT_ALLOWED`).',
  409: 'A conflict with the current state, or a request with the same Idempotency-Key still in flight (`IDEMPOTENCY_IN_PROGRESS`).',
  413: 'The body is larger than 1 MB (`PAYLOAD_TOO_LARGE`).',
  422: 'The Idempotency-Key was used for a different request (`IDEMPOTENCY_KEY_REUSED`), or a business rule refused it.',
  500: 'Unexpected failure (`INTERNAL`), logged on the server. An Idempotency-Key is freed, so a retry with it runs again.',
  502: 'The payment gateway did not answer (`GATEWAY_UNAVAILABLE`); nothing was saved, retry.',
  503: 'Payments are not configured, or no gateway takes this payment method (`PAYMENTS_NOT_CONFIGURED`).',
};

const apiDescription = `The merchant API of Settle.

**Authentication.** Send an API key as \`Authorization: Bearer <secret>\`. Keys are created with \`settle api-keys create --name <name>\`; the secret is shown once.

**Amounts** are integers of minor units (1999 is 19.99 EUR, 1999 JPY is ¥1999) beside an upper-case ISO 4217 currency; sub-minor unit prices are decimal strings (\`unitAmountDecimal\`). Times are ISO 8601 in UTC.

**Errors** are always \`{"error":{"code","message","param"}}\`; \`code\` is stable, \`param\` names the offending field.

**Idempotency.** Any POST or PATCH may carry an \`Idempotency-Key\` header (1 to 255 characters). The first response to a key — success or refusal, never a 5xx — is stored and replayed, with \`Idempotent-Replayed: true\`, to a retry of the same request; the same key with another method, path or body is refused (422), and a retry while the first is still running gets 409.

**Lists** are newest first and paginated by cursor: \`?limit=1..100&cursor=<nextCursor>\` returns \`{"data":[…],"hasMore":…,"nextCursor":…}\`.`;

export function buildOpenApiDocument(endpoints: readonly Endpoint[], options: { serverUrl?: string } = {}): OpenApiDocument {
  const components: Record<string, JsonSchema> = { Error: errorSchema };
  const paths: OpenApiDocument['paths'] = {};
  const tags: string[] = [];
  const convert = (schema: z.ZodType) => toJsonSchema(schema, components);

  for (const endpoint of endpoints) {
    const path = endpoint.path.replace(/:([A-Za-z][A-Za-z0-9]*)/g, '{$1}');
    const pathParams = [...endpoint.path.matchAll(/:([A-Za-z][A-Za-z0-9]*)/g)].map((match) => match[1]!);
    const mutating = endpoint.method !== 'GET' && endpoint.method !== 'DELETE';
    const idempotent = endpoint.method !== 'GET' && endpoint.auth === 'bearer';
    if (!tags.includes(endpoint.tag)) tags.push(endpoint.tag);

    const parameters: unknown[] = pathParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    if (endpoint.query) {
      const query = convert(endpoint.query);
      const required = (query.required as string[] | undefined) ?? [];
      for (const [name, schema] of Object.entries((query.properties as Record<string, JsonSchema> | undefined) ?? {})) {
        const { description, ...rest } = schema;
        parameters.push({ name, in: 'query', required: required.includes(name), ...(description ? { description } : {}), schema: rest });
      }
    }
    if (idempotent) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });

    const statuses = new Set<number>([400, ...endpoint.errors, 500]);
    if (endpoint.auth === 'bearer') statuses.add(401);
    if (pathParams.length > 0) statuses.add(404);
    if (idempotent) [409, 422].forEach((status) => statuses.add(status));
    if (mutating) statuses.add(413);

    const responses: Record<string, unknown> = {
      [endpoint.status]: {
        description: endpoint.status === 201 ? 'Created.' : 'OK.',
        ...(idempotent ? { headers: { 'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' } } } : {}),
        content: { 'application/json': { schema: convert(endpoint.response) } },
      },
    };
    for (const status of [...statuses].sort((a, b) => a - b)) {
      responses[status] = { description: errorDescriptions[status] ?? 'Refused.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }

    paths[path] ??= {};
    paths[path][endpoint.method.toLowerCase()] = {
      operationId: endpoint.operationId,
      tags: [endpoint.tag],
      summary: endpoint.summary,
      description: endpoint.description,
      security: endpoint.auth === 'bearer' ? [{ bearerAuth: [] }] : [],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(mutating && endpoint.body ? { requestBody: { required: true, content: { 'application/json': { schema: convert(endpoint.body) } } } } : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info: { title: 'Settle API', version: '1.0.0', description: apiDescription, license: { name: 'AGPL-3.0-only', identifier: 'AGPL-3.0-only' } },
    servers: [{ url: options.serverUrl ?? '/api', description: 'This Settle server' }],
    security: [{ bearerAuth: [] }],
    tags: tags.map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer sk_settle_…`.' } },
      parameters: {
        IdempotencyKey: {
          name: idempotencyHeader,
          in: 'header',
          required: false,
          description: 'Makes a retry safe: the first response to this key is replayed for the same request.',
          schema: { type: 'string', minLength: 1, maxLength: 255 },
        },
      },
      headers: {
        IdempotentReplayed: { description: '`true` when this is the stored response to an earlier request with the same Idempotency-Key.', schema: { type: 'string', enum: ['true'] } },
      },
      schemas: components,
    },
  };
}

/** One zod schema as JSON Schema, its named parts hoisted into components.schemas. */
function toJsonSchema(schema: z.ZodType, components: Record<string, JsonSchema>): JsonSchema {
  const converted = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    // Response schemas have no transforms, request schemas are documented as the caller writes them.
    io: 'input',
    unrepresentable: 'any',
    override: ({ jsonSchema }) => {
      // zod spells out its date-time regex; the format says it for a reader and a validator.
      if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
    },
  }) as JsonSchema;
  const { $schema: _dialect, $defs, ...root } = converted;
  for (const [id, definition] of Object.entries(($defs as Record<string, JsonSchema> | undefined) ?? {})) {
    const hoisted = rewriteRefs(definition) as JsonSchema;
    if (components[id] && JSON.stringify(components[id]) !== JSON.stringify(hoisted)) throw new Error(`Two different API schemas are named ${id}`);
    components[id] = hoisted;
  }
  return rewriteRefs(root) as JsonSchema;
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, key === '$ref' && typeof field === 'string' ? field.replace('#/$defs/', '#/components/schemas/') : rewriteRefs(field)]),
  );
}
