/** The dashboard page's calls: every one goes to the emulator's own routes under `/api` (src/dashboard/server.ts). */

// biome-ignore lint/suspicious/noExplicitAny: ARM answers are walked as plain JSON.
export type Json = any;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

let csrfToken = "";

export interface SessionInfo {
  principal: { objectId: string; name: string; role: string };
  csrfToken: string;
  endpoint: string;
}

export async function loadSession(): Promise<SessionInfo> {
  const r = await fetch("/session", { credentials: "same-origin" });
  if (!r.ok) throw new ApiError(r.status, "AuthenticationFailed", "no dashboard session: open the URL `aks-emulator dashboard` prints");
  const s = (await r.json()) as SessionInfo;
  csrfToken = s.csrfToken;
  return s;
}

/** One request to the emulator (`path` as on its ARM endpoint); the parsed answer, or throws ApiError. */
export async function api(method: string, path: string, body?: unknown): Promise<Json> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET") headers["x-aks-emulator-csrf"] = csrfToken;
  const r = await fetch(`/api${path}`, {
    method,
    headers,
    credentials: "same-origin",
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  let json: Json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!r.ok) throw new ApiError(r.status, String(json?.error?.code ?? "Error"), String(json?.error?.message ?? text));
  return json;
}

/** A list with its `nextLink` pages followed (a nextLink names the ARM endpoint: only its path and query are kept). */
export async function listAll(path: string): Promise<Json[]> {
  const out: Json[] = [];
  let next: string | undefined = path;
  for (let pages = 0; next && pages < 50; pages++) {
    const page: Json = await api("GET", next);
    out.push(...((page?.value as Json[]) ?? []));
    const link = page?.nextLink;
    next = typeof link === "string" ? new URL(link).pathname + new URL(link).search : undefined;
  }
  return out;
}

/** ARM's own endpoints' api-version. */
export const RESOURCES_VERSION = "2022-09-01";
