// Writes the README's table of what is served, and of the official AKS operations not served yet
// (between its served-table markers), from the resource-type registry and the official operations.
// Run after a build: `npm run generate`.
import { readFileSync, writeFileSync } from "node:fs";
import { servedSection, withServedTable } from "../dist/src/kit/served-table.js";
import { registeredRoutes } from "../dist/src/kit/registry.js";
import { OFFICIAL_NAMESPACE, OFFICIAL_OPERATIONS } from "../dist/src/arm/official-operations.js";
import { RESOURCE_TYPES } from "../dist/src/providers/registrations.js";

const readme = readFileSync("README.md", "utf8");
const updated = withServedTable(readme, servedSection(registeredRoutes(RESOURCE_TYPES), { operations: OFFICIAL_OPERATIONS, namespace: OFFICIAL_NAMESPACE }));
if (updated === undefined) throw new Error("README.md has no served-table markers");
if (updated !== readme) writeFileSync("README.md", updated);
console.log(updated === readme ? "README.md: served table unchanged" : "README.md: served table written");
