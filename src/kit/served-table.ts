import type { OfficialOperation } from "../arm/official-operations.js";
import type { Route } from "../arm/router.js";
import { coverageSummary, type OfficialApi, routeServes } from "./coverage.js";

/**
 * What the README shows between its `served-table` markers: the table of what is served, the
 * official AKS operations not served yet, and the coverage summary (`official`: src/arm/official-operations.ts,
 * which the caller loads, since nothing in src may load it at start).
 */
export function servedSection(routes: readonly Route[], official: OfficialApi): string {
  return `${servedTable(routes)}\n${unservedTable(routes, official.operations, official.namespace)}\n${coverageSummary(routes, official)}`;
}

/**
 * The README's table of what is served, made from the route table (itself made from the
 * registry): one row per resource type, each path with its methods. `npm run generate` writes it
 * into README.md between the `served-table` markers; a test fails when the two differ.
 */
function servedTable(routes: readonly Route[]): string {
  const byType = new Map<string, Map<string, string[]>>();
  for (const route of routes) {
    if (route.apiVersions.kind === "emulator") continue;
    const type = `${route.apiVersions.namespace}/${route.apiVersions.resourceType}`;
    let paths = byType.get(type);
    if (!paths) {
      paths = new Map();
      byType.set(type, paths);
    }
    const path = shortPath(route.path);
    paths.set(path, [...(paths.get(path) ?? []), route.method]);
  }
  const lines = [
    "| resource type | methods and paths: `{rg}/` is `/subscriptions/{id}/resourceGroups/{name}/providers/{namespace}/`, `{sub}/` the same without the group, `{subscription}` is `/subscriptions/{id}` |",
    "|---|---|",
  ];
  for (const [type, paths] of byType) {
    const cells = [...paths].map(([path, methods]) => `${methods.join(", ")} \`${path}\``);
    lines.push(`| \`${type}\` | ${cells.join("<br>")} |`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The operations of the official AKS definitions that no served route takes (each answers
 * `501 NotImplementedInEmulator`, src/arm/unserved.ts), one row per resource type, by operationId
 * (coverage.ts `routeServes`, at any api-version).
 */
function unservedTable(routes: readonly Route[], official: readonly OfficialOperation[], namespace: string): string {
  const byType = new Map<string, string[]>();
  for (const op of official) {
    if (routes.some((r) => routeServes(r, op))) continue;
    const type = `${namespace}/${op.type}`;
    byType.set(type, [...(byType.get(type) ?? []), op.operationId]);
  }
  const lines = ["| not served yet: resource type | official operations that answer `501 NotImplementedInEmulator` |", "|---|---|"];
  for (const [type, ids] of [...byType].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| \`${type}\` | ${[...new Set(ids)].map((id) => `\`${id}\``).join(", ")} |`);
  }
  return `${lines.join("\n")}\n`;
}

/** `{rg}/` for a group's provider prefix, `{sub}/` for a subscription's (the row names the namespace). */
function shortPath(path: string): string {
  return path
    .replace(/^\/subscriptions\/:subscriptionId\/resourceGroups\/:resourceGroupName\/providers\/[^/]+\//i, "{rg}/")
    .replace(/^\/subscriptions\/:subscriptionId\/providers\/[^/]+\//i, "{sub}/")
    .replace(/^\/subscriptions\/:subscriptionId/, "{subscription}")
    .replace(/:([A-Za-z]+)/g, "{$1}");
}

/** The README text with the table between its markers replaced; undefined when the markers are missing. */
export function withServedTable(readme: string, table: string): string | undefined {
  const start = "<!-- served-table:start (npm run generate) -->\n";
  const end = "<!-- served-table:end -->";
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a === -1 || b === -1 || b < a) return undefined;
  return readme.slice(0, a + start.length) + table + readme.slice(b);
}
