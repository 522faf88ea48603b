import { ArmError } from "../arm/errors.js";

/**
 * The Microsoft Graph calls Azure CLI 2.45 makes for role assignments and AKS identities, served under
 * `/v1.0/` on the emulator's main port (the cloud's `microsoftGraphResourceId`) for the principals the
 * emulator knows, all service principals (azure/cli/command_modules/role/_msgrpah/_graph_client.py):
 * - `GET /v1.0/servicePrincipals?$filter=servicePrincipalNames/any(c:c eq '{id}')` (and `displayName eq`,
 *   `appId eq`): resolving `--assignee`;
 * - `POST /v1.0/directoryObjects/getByIds` `{ids, types}`: an object id's type, and the principal names
 *   `az role assignment list` shows;
 * - `GET /v1.0/users?$filter=userPrincipalName eq '...'`: an assignee with `@` (the emulator has no users);
 * - `GET /v1.0/servicePrincipals/{id}`.
 * Shapes: https://learn.microsoft.com/graph/api/resources/serviceprincipal,
 * https://learn.microsoft.com/graph/api/directoryobject-getbyids.
 */

export interface ServicePrincipalObject {
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType: "Application" | "ManagedIdentity";
  /** The app id first, then what else names it (a managed identity's resource id). */
  servicePrincipalNames: string[];
}

export interface GraphRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  origin: string;
}

function graphObject(sp: ServicePrincipalObject): Record<string, unknown> {
  return {
    "@odata.type": "#microsoft.graph.servicePrincipal",
    id: sp.id,
    accountEnabled: true,
    appId: sp.appId,
    displayName: sp.displayName,
    servicePrincipalNames: sp.servicePrincipalNames,
    servicePrincipalType: sp.servicePrincipalType,
    alternativeNames: sp.servicePrincipalNames.slice(1),
  };
}

function badRequest(message: string): ArmError {
  return new ArmError(400, "BadRequest", message);
}

/** Which service principals a `$filter` selects, or undefined when none is given. */
function byFilter(filter: string | null): ((sp: ServicePrincipalObject) => boolean) | undefined {
  if (filter === null || filter.trim() === "") return undefined;
  const unquote = (s: string) => s.replace(/''/g, "'").toLowerCase();
  let m = /^\s*servicePrincipalNames\/any\(\s*(\w+)\s*:\s*\1\s+eq\s+'((?:[^']|'')*)'\s*\)\s*$/i.exec(filter);
  if (m) {
    const name = unquote(m[2]!);
    return (sp) => sp.servicePrincipalNames.some((n) => n.toLowerCase() === name);
  }
  m = /^\s*(displayName|appId|id)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(filter);
  if (m) {
    const field = m[1]!.toLowerCase() === "displayname" ? "displayName" : m[1]!.toLowerCase() === "appid" ? "appId" : "id";
    const value = unquote(m[2]!);
    return (sp) => sp[field].toLowerCase() === value;
  }
  // `az ad sp list --display-name X` sends startswith.
  m = /^\s*startswith\(\s*displayName\s*,\s*'((?:[^']|'')*)'\s*\)\s*$/i.exec(filter);
  if (m) {
    const prefix = unquote(m[1]!);
    return (sp) => sp.displayName.toLowerCase().startsWith(prefix);
  }
  throw badRequest(
    `Invalid filter clause: the emulator's directory takes servicePrincipalNames/any(c:c eq '{name}'), displayName eq, startswith(displayName,'{prefix}'), appId eq or id eq, not '${filter}'.`,
  );
}

export async function handleGraphRequest(req: GraphRequest, directory: () => Promise<ServicePrincipalObject[]>): Promise<{ status: number; body: unknown }> {
  const segments = req.path
    .split("?")[0]!
    .split("/")
    .filter((s) => s !== "")
    .map((s) => decodeURIComponent(s));
  const [version, collection, id, action] = segments;
  if (version !== "v1.0" && version !== "beta") throw badRequest(`Invalid version: '${version ?? ""}'. Use v1.0.`);
  const context = (what: string) => `${req.origin}/${version}/$metadata#${what}`;
  const method = req.method.toUpperCase();
  const lower = collection?.toLowerCase();
  if (method === "GET" && (lower === "users" || lower === "groups") && id === undefined) {
    byFilter(null);
    return { status: 200, body: { "@odata.context": context(collection!), value: [] } };
  }
  if (method === "GET" && lower === "serviceprincipals" && id === undefined) {
    const select = byFilter(req.query.get("$filter"));
    const all = await directory();
    return { status: 200, body: { "@odata.context": context("servicePrincipals"), value: (select ? all.filter(select) : all).map(graphObject) } };
  }
  if (method === "GET" && lower === "serviceprincipals" && id !== undefined && action === undefined) {
    const sp = (await directory()).find((s) => s.id.toLowerCase() === id.toLowerCase());
    if (!sp) {
      throw new ArmError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
    }
    return { status: 200, body: { "@odata.context": `${context("servicePrincipals")}/$entity`, ...graphObject(sp) } };
  }
  if (method === "POST" && lower === "directoryobjects" && id?.toLowerCase() === "getbyids") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(req.body || "{}");
    } catch {
      throw badRequest("The request body is not valid JSON.");
    }
    const ids = (parsed as { ids?: unknown })?.ids;
    if (!Array.isArray(ids) || ids.some((i) => typeof i !== "string")) throw badRequest("Invalid request: 'ids' must be an array of object ids.");
    const types = (parsed as { types?: unknown }).types;
    const wantsSps = !Array.isArray(types) || types.some((t) => typeof t === "string" && /^(microsoft\.graph\.)?serviceprincipal$/i.test(t));
    const wanted = new Set((ids as string[]).map((i) => i.toLowerCase()));
    const found = wantsSps ? (await directory()).filter((s) => wanted.has(s.id.toLowerCase())) : [];
    return { status: 200, body: { "@odata.context": context("directoryObjects"), value: found.map(graphObject) } };
  }
  throw badRequest(`Resource not found for the segment '${collection ?? ""}'.`);
}
