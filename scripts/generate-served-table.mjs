// Writes the README's table of what is served, of the official AKS operations not served yet and the
// coverage summary (between its served-table markers), and docs/coverage.md (every operation of the
// committed definitions, served or not), from the resource-type registry and the official operations.
// Run after a build: `npm run generate`.
import { readFileSync, writeFileSync } from "node:fs";
import { servedSection, withServedTable } from "../dist/src/kit/served-table.js";
import { coverageDoc } from "../dist/src/kit/coverage.js";
import { registeredRoutes } from "../dist/src/kit/registry.js";
import { CONTAINER_SERVICE_API_VERSIONS } from "../dist/src/arm/api-versions.js";
import { OFFICIAL_DEFINITIONS, OFFICIAL_NAMESPACE, OFFICIAL_OPERATIONS } from "../dist/src/arm/official-operations.js";
import { RESOURCE_TYPES } from "../dist/src/providers/registrations.js";

const routes = registeredRoutes(RESOURCE_TYPES);
const official = { operations: OFFICIAL_OPERATIONS, namespace: OFFICIAL_NAMESPACE, definitions: OFFICIAL_DEFINITIONS };

const readme = readFileSync("README.md", "utf8");
const updated = withServedTable(readme, servedSection(routes, official));
if (updated === undefined) throw new Error("README.md has no served-table markers");
if (updated !== readme) writeFileSync("README.md", updated);
console.log(updated === readme ? "README.md: served table unchanged" : "README.md: served table written");

const coverage = coverageDoc(routes, official, CONTAINER_SERVICE_API_VERSIONS.length);
let current = "";
try {
  current = readFileSync("docs/coverage.md", "utf8");
} catch {
  // not written yet
}
if (coverage !== current) writeFileSync("docs/coverage.md", coverage);
console.log(coverage === current ? "docs/coverage.md unchanged" : "docs/coverage.md written");
