import type { IncomingMessage } from "node:http";
import { request as httpsRequest, type Agent } from "node:https";

/** Raw HTTPS for tests: one request, its whole answer, JSON parsed when it is JSON. */

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/**
 * One HTTPS request trusting `ca` (or using `agent`; default: a fresh connection, no keep-alive).
 * The body is JSON-encoded unless a string or Buffer. `timeoutMs` 0: no timeout (default 10 s).
 */
export function httpsJson(
  method: string,
  url: string,
  o: { ca?: string; agent?: Agent; headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolvePromise, reject) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    let payload: Buffer | undefined;
    if (o.body !== undefined) {
      payload = Buffer.isBuffer(o.body) ? o.body : Buffer.from(typeof o.body === "string" ? o.body : JSON.stringify(o.body));
      if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
      headers["content-length"] = String(payload.length);
    }
    const req = httpsRequest(url, { method, headers, agent: o.agent ?? false, ...(o.ca !== undefined ? { ca: o.ca } : {}) }, (res) => {
      readResponse(res).then(resolvePromise, reject);
    });
    const timeoutMs = o.timeoutMs ?? 10_000;
    if (timeoutMs > 0) req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** A whole answer: status, headers, text, and the JSON when the text is JSON. */
export function readResponse(res: IncomingMessage): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on("data", (c: Buffer) => chunks.push(c));
    res.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
    });
    res.on("error", reject);
  });
}

/** The same URL on another instance (operation URLs carry the host of the instance that made them). */
export function onEndpoint(url: string, endpoint: string): string {
  const u = new URL(url);
  const e = new URL(endpoint);
  u.protocol = e.protocol;
  u.host = e.host;
  return u.toString();
}
