import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";

/**
 * The interception proxy (`aks-emulator start --proxy-port N`): an HTTP CONNECT proxy for clients that
 * cannot be given an endpoint (docs/sources.md "Interception proxy").
 *
 * - `CONNECT <host>:443` for one of the intercepted hosts (management.azure.com, login.microsoftonline.com):
 *   `200 Connection Established`, then the client's socket is handed to an in-process HTTPS server
 *   holding a leaf (signed by the local CA) that names that host (`server.emit('connection', socket)`):
 *   TLS ends here and the emulator answers.
 * - Any other CONNECT target: `403` and close. Any non-CONNECT (absolute-URI, plain-HTTP) request: `403`.
 *
 * The proxy never opens a connection and never resolves a name: targets are compared as strings, and
 * this module imports neither `node:net`'s connect, `node:tls`'s connect nor `node:dns`.
 */

export interface InterceptedHost {
  /** `host:port` as CONNECT names it, lower case, e.g. `management.azure.com:443`. */
  target: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Sets up the host's HTTPS server, e.g. its answers to requests the parser refuses (default: close the connection). */
  setup?: (server: HttpsServer) => void;
  /** This host's own server options, over the proxy's `serverOptions`. */
  serverOptions?: InterceptionProxyOptions["serverOptions"];
}

export interface InterceptionProxyOptions {
  host: string;
  port: number;
  keyPem: string;
  certPem: string;
  hosts: InterceptedHost[];
  /** Options of the HTTPS servers behind the tunnels (header size, request timeouts). */
  serverOptions?: { maxHeaderSize?: number; requestTimeout?: number; headersTimeout?: number; connectionsCheckingInterval?: number };
  /** Told about every refused request (`CONNECT example.com:443`, `GET http://...`). */
  onRefused?: (what: string) => void;
}

export interface InterceptionProxy {
  port: number;
  close(): Promise<void>;
}

const REFUSAL_BODY = (allowed: string[]) =>
  `aks-emulator proxy: only CONNECT to ${allowed.join(" and ")} is served; everything else is refused (nothing leaves this machine).\n`;

export async function startInterceptionProxy(o: InterceptionProxyOptions): Promise<InterceptionProxy> {
  const allowed = o.hosts.map((h) => h.target.toLowerCase());
  const body = REFUSAL_BODY(allowed);
  const inner = new Map<string, HttpsServer>();
  for (const h of o.hosts) {
    const s = createHttpsServer(
      { key: o.keyPem, cert: o.certPem, keepAliveTimeout: 65_000, requestTimeout: 120_000, headersTimeout: 60_000, ...o.serverOptions, ...h.serverOptions },
      h.handler,
    );
    s.on("tlsClientError", (_err, socket) => socket.destroy());
    if (h.setup) h.setup(s);
    else s.on("clientError", (_err, socket) => socket.destroy());
    inner.set(h.target.toLowerCase(), s);
  }
  const tunnels = new Set<Duplex>();

  const refuse = (socket: Duplex, what: string): void => {
    o.onRefused?.(what);
    if (!socket.writable) return void socket.destroy();
    socket.end(
      `HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  };

  // The CONNECT listener has the same header-size and request-time limits as the servers behind
  // it: a client that never finishes its CONNECT line cannot hold the connection either.
  const proxy: HttpServer = createHttpServer({ ...o.serverOptions }, (req, res) => {
    // A plain-HTTP proxy request (absolute URI) or any direct request: refused.
    // The query is left out of the log: careless callers put tokens and keys in URLs.
    o.onRefused?.(`${req.method ?? "?"} ${withoutQuery(req.url ?? "")}`);
    req.resume();
    res.writeHead(403, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body), connection: "close" });
    res.end(body);
  });
  proxy.on("connect", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    const target = (req.url ?? "").toLowerCase();
    const server = inner.get(target);
    if (!server) return refuse(socket, `CONNECT ${req.url ?? ""}`);
    tunnels.add(socket);
    socket.once("close", () => tunnels.delete(socket));
    socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    if (head.length > 0) socket.unshift(head);
    server.emit("connection", socket);
  });
  proxy.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return void socket.destroy();
    // Plain answers, as proxies give (no ARM body: the client has not reached ARM yet).
    const status =
      err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? "408 Request Timeout"
        : err.code === "HPE_HEADER_OVERFLOW"
          ? "431 Request Header Fields Too Large"
          : "400 Bad Request";
    socket.end(`HTTP/1.1 ${status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
  });
  proxy.on("connection", (socket: Socket) => socket.on("error", () => socket.destroy()));

  await new Promise<void>((resolveListen, reject) => {
    proxy.once("error", reject);
    proxy.listen(o.port, o.host, () => {
      proxy.off("error", reject);
      resolveListen();
    });
  });

  return {
    port: (proxy.address() as AddressInfo).port,
    async close() {
      await new Promise<void>((r) => {
        proxy.close(() => r());
        proxy.closeAllConnections();
        for (const s of inner.values()) s.closeAllConnections();
        for (const t of tunnels) t.destroy();
      });
    },
  };
}

/** A URL without its query and fragment (`?...` marks that there was one). */
function withoutQuery(url: string): string {
  const i = url.search(/[?#]/);
  return i === -1 ? url : `${url.slice(0, i)}?...`;
}
