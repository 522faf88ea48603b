import { randomUUID } from "node:crypto";
import type { Server } from "node:https";
import type { Duplex } from "node:stream";
import type { IncomingMessage } from "node:http";
import { ArmError } from "../arm/errors.js";
import type { RequestLimits } from "../arm/limits.js";

/**
 * Answers for requests Node's HTTP parser refuses or that time out (`clientError`): an ARM error
 * body with request ids, then the connection is closed. A request not received in time is 408
 * RequestTimeout, headers over the parser's own cap 431 RequestHeaderFieldsTooLarge, anything else
 * 400 BadRequest (docs/fidelity.md "Requests the HTTP parser refuses", "Request limits").
 *
 * A HEAD request gets the same status and headers without the body (RFC 9110 section 9.3.2: a
 * body after a HEAD answer breaks the client's parser). The parser does not say which method it
 * was reading; the chunk it refused (`rawPacket`) tells when the request starts in it, which is
 * where a malformed request line is found. Headers over `--max-header-bytes` are refused after
 * parsing instead, where the method is known (headerLimitRefusal): nothing taps the connection's
 * bytes, which would take Node's parser off its native read path (about 3.5 us of a 25 us GET).
 */
export function answerClientErrors(server: Server, limits: RequestLimits): void {
  server.on("clientError", (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    if (!socket.writable) return socket.destroy();
    const head = /^HEAD /i.test(err.rawPacket?.toString("latin1", 0, 8) ?? "");
    const [status, reason, error] = clientErrorAnswer(err, limits);
    const body = JSON.stringify({ error });
    const id = randomUUID();
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nx-ms-request-id: ${id}\r\nx-ms-correlation-request-id: ${id}\r\nconnection: close\r\n\r\n${head ? "" : body}`,
    );
  });
}

/**
 * How many header bytes Node's parser itself takes on the ARM host: `--max-header-bytes` is
 * checked after parsing (headerLimitRefusal), so the parser refuses only far larger ones.
 */
export function parserHeaderCap(limits: Pick<RequestLimits, "maxHeaderBytes">): number {
  return Math.max(limits.maxHeaderBytes * 16, 256 * 1024);
}

/**
 * The 431 for a request whose request target and headers are over `--max-header-bytes` (what Node's
 * parser counts: the target, and each header's name and value), or undefined. Counted from what
 * the parser kept, so the method is known: a HEAD gets no body.
 */
export function headerLimitRefusal(req: IncomingMessage, limits: Pick<RequestLimits, "maxHeaderBytes">): ArmError | undefined {
  let bytes = req.url?.length ?? 0;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i++) bytes += raw[i]!.length;
  // Node's parser refuses at the limit itself (node_http_parser.cc, TrackHeader).
  if (bytes < limits.maxHeaderBytes) return undefined;
  const [status, , error] = headerOverflowAnswer(limits);
  return new ArmError(status, error.code, error.message, { headers: { connection: "close" } });
}

function headerOverflowAnswer(limits: Pick<RequestLimits, "maxHeaderBytes">): [number, string, { code: string; message: string }] {
  return [
    431,
    "Request Header Fields Too Large",
    { code: "RequestHeaderFieldsTooLarge", message: `The request line and headers are larger than ${limits.maxHeaderBytes} bytes. Send smaller headers.` },
  ];
}

/** Status, reason phrase and ARM error for a request Node's HTTP parser refused (or timed out). */
function clientErrorAnswer(
  err: NodeJS.ErrnoException,
  limits: Pick<RequestLimits, "maxHeaderBytes" | "requestTimeoutMs">,
): [number, string, { code: string; message: string }] {
  if (err.code === "HPE_HEADER_OVERFLOW") return headerOverflowAnswer(limits);
  if (err.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    return [
      408,
      "Request Timeout",
      { code: "RequestTimeout", message: `The request was not received within ${limits.requestTimeoutMs} ms. Send the whole request at once.` },
    ];
  }
  return [400, "Bad Request", { code: "BadRequest", message: "The request could not be parsed as HTTP/1.1. Check its request line and headers." }];
}

/**
 * The login host's answer to a request its parser refuses: the same status as the ARM host's, with
 * an OAuth-style body (`error`, `error_description`), the shape MSAL and the Azure credentials read.
 * Real Entra's front end answers such requests before any AADSTS code applies, so none is given.
 */
export function answerLoginClientErrors(server: Server, limits: RequestLimits): void {
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return socket.destroy();
    const [status, reason, error] = clientErrorAnswer(err, limits);
    const body = JSON.stringify({ error: "invalid_request", error_description: error.message });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
