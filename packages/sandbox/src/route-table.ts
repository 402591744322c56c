import { compilePathPattern, PathPattern } from './path-pattern';

/** Handles one matched route; `params` holds the pattern's captured segments. */
export type RouteHandler<C> = (context: C, params: Record<string, string>) => void | Promise<void>;

/** A route found for a request. */
export interface RouteMatch<C> {
  handler: RouteHandler<C>;
  params: Record<string, string>;
}

/** A tiny method + path router: routes are tried in the order they were added. */
export interface RouteTable<C> {
  add(method: string, pattern: string, handler: RouteHandler<C>): RouteTable<C>;
  find(method: string, segments: readonly string[]): RouteMatch<C> | null;
}

/** Creates an empty route table. */
export function createRouteTable<C>(): RouteTable<C> {
  const routes: Array<{ method: string; pattern: PathPattern; handler: RouteHandler<C> }> = [];
  const table: RouteTable<C> = {
    add(method, pattern, handler) {
      routes.push({ method: method.toUpperCase(), pattern: compilePathPattern(pattern), handler });
      return table;
    },
    find(method, segments) {
      for (const route of routes) {
        if (route.method !== method) continue;
        const params = route.pattern.match(segments);
        if (params) return { handler: route.handler, params };
      }
      return null;
    },
  };
  return table;
}
