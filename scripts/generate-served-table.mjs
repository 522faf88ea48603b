// Writes the README's table of what is served (between its served-table markers) from the
// resource-type registry. Run after a build: `npm run generate`.
import { readFileSync, writeFileSync } from "node:fs";
import { servedTable, withServedTable } from "../dist/src/kit/served-table.js";
import { registeredRoutes } from "../dist/src/kit/registry.js";
import { RESOURCE_TYPES } from "../dist/src/providers/registrations.js";

const readme = readFileSync("README.md", "utf8");
const updated = withServedTable(readme, servedTable(registeredRoutes(RESOURCE_TYPES)));
if (updated === undefined) throw new Error("README.md has no served-table markers");
if (updated !== readme) writeFileSync("README.md", updated);
console.log(updated === readme ? "README.md: served table unchanged" : "README.md: served table written");
