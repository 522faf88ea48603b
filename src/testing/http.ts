import { request as httpsRequest, type Agent } from "node:https";

/**
 * The one HTTP client of the testing controls: the typed helpers (`aks-emulator/testing`) and the CLI
 * subcommands (`aks-emulator faults ...`) both send their requests through `requestJson`, and turn an
 * error answer into an `EmulatorRequestError` the same way.
 */

export interface JsonAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body; `undefined` when the body is empty or not JSON. */
  body: unknown;
  text: string;
}

export interface JsonRequestOptions {
  method: string;
  /** Trusts the emulator's CA (the agent carries it). */
  agent: Agent;
  headers?: Record<string, string>;
  /** JSON-encoded when given. */
  body?: unknown;
  /** 0: no timeout. Default 30 s. */
  timeoutMs?: number;
}

export function requestJson(url: string, o: JsonRequestOptions): Promise<JsonAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: "application/json", ...(o.headers ?? {}) };
    let payload: Buffer | undefined;
    if (o.body !== undefined) {
      payload = Buffer.from(JSON.stringify(o.body));
      headers["content-type"] = "application/json";
    }
    headers["content-length"] = String(payload?.length ?? 0);
    const req = httpsRequest(url, { method: o.method, agent: o.agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown;
        try {
          body = text === "" ? undefined : JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
      });
    });
    const timeoutMs = o.timeoutMs ?? 30_000;
    if (timeoutMs > 0) req.setTimeout(timeoutMs, () => req.destroy(new Error(`${o.method} ${url}: no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(payload);
  });
}

/**
 * An error answer of the emulator: the HTTP status and the ARM error code (`{"error":{"code","message"}}`),
 * e.g. 404 `NotFound` for an unknown fault id, 400 `InvalidStateDocument` for a bad state document.
 */
export class EmulatorRequestError extends Error {
  override readonly name = "EmulatorRequestError";
  constructor(
    /** The HTTP status of the answer. */
    readonly status: number,
    /** The ARM error code of the answer (`error.code`), or `HttpStatus<n>` when the body has none. */
    readonly code: string,
    message: string,
    readonly method: string,
    readonly path: string,
    /** The parsed answer body, when it was JSON. */
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** The answer body when the status is 2xx, else an `EmulatorRequestError` carrying status and code. */
export function expectOk<T>(answer: JsonAnswer, method: string, path: string): T {
  if (answer.status >= 200 && answer.status < 300) return answer.body as T;
  const err = (answer.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = typeof err?.code === "string" ? err.code : `HttpStatus${answer.status}`;
  const detail = typeof err?.message === "string" ? err.message : answer.text.slice(0, 500);
  throw new EmulatorRequestError(answer.status, code, `${method} ${path} answered ${answer.status} ${code}: ${detail}`, method, path, answer.body);
}
