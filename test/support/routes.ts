import type { Route } from "../../src/arm/router.js";

/**
 * Walking the router's own table (`emulator.router.routes`): paths for a route built from its
 * pattern, the api-version it accepts, and whether it needs an Owner. The fuzz and
 * authorization suites use these, so a route added to the table is covered without a test change.
 */

/** Owner needed: every write, and routes marked owner-only (the testing controls, GETs included). */
export function needsOwner(route: Route): boolean {
  // A POST is authorized as its own action (`.../resolvePrivateLinkServiceId/action`), which Reader's `*/read` does not grant.
  return route.write || route.method === "POST" || (route as { ownerOnly?: boolean }).ownerOnly === true;
}

/** The `:param` names of a route pattern, in order. */
export function paramNames(route: Route): string[] {
  return route.path
    .split("/")
    .filter((s) => s.startsWith(":"))
    .map((s) => s.slice(1).replace(/\(.*$/, ""));
}

/**
 * The route's pattern with each `:param` segment replaced by `values[param]` (already encoded, used
 * verbatim) or by `fallback(param)`. A `*` segment becomes `fallback("*")`.
 */
export function pathFor(route: Route, values: Record<string, string>, fallback: (param: string) => string = () => "x"): string {
  return route.path
    .split("/")
    .map((s) => {
      if (s === "*") return fallback("*");
      if (!s.startsWith(":")) return s;
      const name = s.slice(1).replace(/\(.*$/, "");
      return values[name] ?? fallback(name);
    })
    .join("/");
}

/** The newest stable api-version the route accepts; undefined for routes that need none (emulator routes). */
export function apiVersionOf(route: Route): string | undefined {
  if ((route.apiVersions.kind as string) === "emulator") return undefined;
  const list = route.apiVersions.versions;
  if (!list) return undefined;
  const stable = list.filter((v) => !/preview/i.test(v));
  return (stable.length > 0 ? stable : list)[(stable.length > 0 ? stable : list).length - 1];
}

/** `path?api-version=...` when the route takes one. */
export function withApiVersion(route: Route, path: string): string {
  const v = apiVersionOf(route);
  return v === undefined ? path : `${path}?api-version=${v}`;
}

/** Short name of a route for messages: `PUT /subscriptions/:subscriptionId/...`. */
export function routeName(route: Route): string {
  return `${route.method} ${route.path}`;
}
