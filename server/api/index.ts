// The merchant REST API (/api/v1): a framework-free pipeline (handle.ts), endpoints defined as data
// (endpoint.ts, endpoints/), their router (v1.ts) and the OpenAPI document built from them.
export { defineEndpoint, type ApiKeyIdentity, type Endpoint, type EndpointContext, type HttpMethod } from './endpoint';
export { handleApiRequest, internalErrorResponse, maximumBodyBytes, type ApiDependencies, type ApiErrorBody, type ApiErrorCode } from './handle';
export { idempotencyHeader } from './idempotency';
export { canonicalJson, toJson, type JsonValue } from './json';
export { buildOpenApiDocument, resource, type OpenApiDocument } from './openapi';
export { createRouter, type RouteMatch, type Router } from './router';
export { isoDateTime, pageOf, pageQuery, queryBoolean, queryInteger } from './validation';
export { v1Router } from './v1';
