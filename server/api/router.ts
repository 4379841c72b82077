// Matches a method and path to one endpoint. Literal segments win over parameters
// (`/v1/prices/search` before `/v1/prices/:id`); a path that exists under another method is a 405.
import type { Endpoint, HttpMethod } from './endpoint';

export interface Router {
  readonly endpoints: readonly Endpoint[];
  match(method: string, path: string): RouteMatch;
}

export type RouteMatch =
  | { kind: 'found'; endpoint: Endpoint; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: HttpMethod[] }
  | { kind: 'not-found' };

interface CompiledRoute {
  endpoint: Endpoint;
  segments: Array<{ literal: string } | { param: string }>;
}

export function createRouter(endpoints: readonly Endpoint[]): Router {
  const seen = new Set<string>();
  const operationIds = new Set<string>();
  for (const endpoint of endpoints) {
    const key = `${endpoint.method} ${endpoint.path.replace(/:[^/]+/g, ':')}`;
    if (seen.has(key)) throw new Error(`Two API endpoints answer ${endpoint.method} ${endpoint.path}`);
    if (operationIds.has(endpoint.operationId)) throw new Error(`Two API endpoints are named ${endpoint.operationId}`);
    if (!/^(\/[A-Za-z0-9_.-]+|\/:[A-Za-z][A-Za-z0-9]*)+$/.test(endpoint.path)) throw new Error(`Bad API path pattern ${endpoint.path}`);
    seen.add(key);
    operationIds.add(endpoint.operationId);
  }
  const routes: CompiledRoute[] = endpoints
    .map((endpoint) => ({
      endpoint,
      segments: endpoint.path
        .split('/')
        .slice(1)
        .map((segment) => (segment.startsWith(':') ? { param: segment.slice(1) } : { literal: segment })),
    }))
    .sort((a, b) => specificity(b) - specificity(a));

  return {
    endpoints,
    match(method, path) {
      const parts = path.split('/').slice(1);
      let decoded: string[];
      try {
        decoded = parts.map((part) => decodeURIComponent(part));
      } catch {
        return { kind: 'not-found' };
      }
      const allowed: HttpMethod[] = [];
      for (const route of routes) {
        const params = matchSegments(route.segments, parts, decoded);
        if (!params) continue;
        if (route.endpoint.method === method) return { kind: 'found', endpoint: route.endpoint, params };
        if (!allowed.includes(route.endpoint.method)) allowed.push(route.endpoint.method);
      }
      return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
    },
  };
}

function matchSegments(segments: CompiledRoute['segments'], raw: string[], decoded: string[]): Record<string, string> | null {
  if (segments.length !== raw.length) return null;
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    if ('literal' in segment) {
      if (segment.literal !== raw[index]) return null;
    } else {
      if (!decoded[index]) return null;
      params[segment.param] = decoded[index]!;
    }
  }
  return params;
}

/** Earlier literal segments make a route more specific. */
function specificity(route: CompiledRoute): number {
  return route.segments.reduce((score, segment, index) => score + ('literal' in segment ? 2 ** (20 - index) : 0), 0);
}
