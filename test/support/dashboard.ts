import { request as httpRequest } from "node:http";
import { readResponse, type RawResponse } from "./https.js";

/** Plain-HTTP requests to the dashboard (src/dashboard/server.ts) and its login, for tests. */

export function dashboardRequest(
  method: string,
  url: string,
  o: { headers?: Record<string, string>; body?: unknown; setHost?: boolean } = {},
): Promise<RawResponse> {
  return new Promise((resolvePromise, reject) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    let payload: Buffer | undefined;
    if (o.body !== undefined) {
      payload = Buffer.from(typeof o.body === "string" ? o.body : JSON.stringify(o.body));
      if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
      headers["content-length"] = String(payload.length);
    }
    const req = httpRequest(url, { method, headers, agent: false, setHost: o.setHost ?? !("host" in headers) }, (res) => {
      readResponse(res).then(resolvePromise, reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${url}: no answer within 10 s`)));
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export interface DashboardSession {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The `Cookie` header value of the session. */
  cookie: string;
  csrfToken: string;
  principal: { objectId: string; name: string };
}

/** Exchanges a printed login URL for a session, as a browser does (the 303's cookie, then `GET /session`). */
export async function loginWith(url: string): Promise<DashboardSession> {
  const login = await dashboardRequest("GET", url);
  if (login.status !== 303) throw new Error(`login answered ${login.status}: ${login.text}`);
  const setCookie = ([] as string[]).concat(login.headers["set-cookie"] ?? [])[0] ?? "";
  const cookie = setCookie.split(";")[0]!;
  const origin = new URL(url).origin;
  const session = await dashboardRequest("GET", `${origin}/session`, { headers: { cookie } });
  const body = session.json as { csrfToken: string; principal: { objectId: string; name: string } };
  return { origin, cookie, csrfToken: body.csrfToken, principal: body.principal };
}
