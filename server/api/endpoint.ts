// An API endpoint is data: method, path, input and output schemas, documentation and one handler.
// The framework validates and authenticates from it, the router matches it and the OpenAPI
// document is built from it, so an endpoint cannot exist undocumented.
import type { z } from 'zod';
import type { Database } from '@/db/client';
import type { Actor } from '../audit';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** `'/v1/prices/:id/archive'` → `'id'`. */
export type PathParamNames<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;

export interface ApiKeyIdentity {
  id: string;
  name: string;
}

type Authenticated = { apiKey: ApiKeyIdentity; actor: Actor };
type Anonymous = { apiKey: null; actor: null };

export type EndpointContext<Path extends string, Body, Query, Auth extends 'bearer' | 'none'> = {
  db: Database;
  params: Record<PathParamNames<Path>, string>;
  body: Body;
  query: Query;
  /** The billing clock's time for this request (simulated time in simulation): what domain rules use. */
  now: Date;
  /** Wall-clock time, for records of when something really happened (audit rows). */
  realNow: Date;
  simulation: boolean;
} & (Auth extends 'none' ? Anonymous : Authenticated);

/** What a handler may return for a documented response: bigint where it says number, Date where it says string. */
export type Wire<T> = T extends string
  ? T | Date
  : T extends number
    ? number | bigint
    : T extends ReadonlyArray<infer Item>
      ? ReadonlyArray<Wire<Item>>
      : T extends object
        ? { [Key in keyof T]: Wire<T[Key]> }
        : T;

export interface EndpointDefinition<
  Path extends string,
  BodySchema extends z.ZodType | undefined,
  QuerySchema extends z.ZodType | undefined,
  ResponseSchema extends z.ZodType,
  Auth extends 'bearer' | 'none',
> {
  method: HttpMethod;
  /** Relative to the server (`/api`), with `:name` parameters: `/v1/customers/:id`. */
  path: Path;
  /** Unique, camelCase: what an SDK would name the call. */
  operationId: string;
  /** Groups operations in the document: `Customers`. */
  tag: string;
  summary: string;
  /** Markdown for the reader of the document: what it does, what it refuses. */
  description: string;
  /** Bearer API key unless 'none'. */
  auth?: Auth;
  body?: BodySchema;
  query?: QuerySchema;
  /** The success body, for the document and the tests; the handler's return type is checked against it. */
  response: ResponseSchema;
  /** The success status: 200 unless given (201 for creates). */
  status?: 200 | 201;
  /** Statuses beyond those every endpoint documents (400, 401, 404 with path parameters, 409/422 for Idempotency-Key). */
  errors?: readonly number[];
  handler: (
    context: EndpointContext<
      Path,
      BodySchema extends z.ZodType ? z.output<BodySchema> : undefined,
      QuerySchema extends z.ZodType ? z.output<QuerySchema> : undefined,
      Auth
    >,
  ) => Promise<Wire<z.output<ResponseSchema>>>;
}

/** An endpoint with its types erased, as the router and the document hold it. */
export interface Endpoint {
  method: HttpMethod;
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description: string;
  auth: 'bearer' | 'none';
  body: z.ZodType | undefined;
  query: z.ZodType | undefined;
  response: z.ZodType;
  status: 200 | 201;
  errors: readonly number[];
  handler: (context: ErasedContext) => Promise<unknown>;
}

export interface ErasedContext {
  db: Database;
  params: Record<string, string>;
  body: unknown;
  query: unknown;
  now: Date;
  realNow: Date;
  simulation: boolean;
  apiKey: ApiKeyIdentity | null;
  actor: Actor | null;
}

export function defineEndpoint<
  const Path extends string,
  BodySchema extends z.ZodType | undefined = undefined,
  QuerySchema extends z.ZodType | undefined = undefined,
  ResponseSchema extends z.ZodType = z.ZodType,
  Auth extends 'bearer' | 'none' = 'bearer',
>(definition: EndpointDefinition<Path, BodySchema, QuerySchema, ResponseSchema, Auth>): Endpoint {
  return {
    ...definition,
    auth: definition.auth ?? 'bearer',
    body: definition.body,
    query: definition.query,
    status: definition.status ?? 200,
    errors: definition.errors ?? [],
    handler: definition.handler as unknown as Endpoint['handler'],
  };
}
