import { randomUUID } from "node:crypto";
import type { Server } from "node:https";
import type { Duplex } from "node:stream";
import type { RequestLimits } from "../arm/limits.js";

/**
 * Answers for requests Node's HTTP parser refuses or that time out (`clientError`): an ARM error
 * body with request ids, then the connection is closed. Headers over the limit are 431
 * RequestHeaderFieldsTooLarge, a request not received in time 408 RequestTimeout, anything else 400
 * BadRequest (docs/fidelity.md "Requests the HTTP parser refuses", "Request limits").
 *
 * A HEAD request gets the same status and headers without the body (RFC 9110 section 9.3.2: a
 * body after a HEAD answer breaks the client's parser). The parser does not say which method it
 * was reading, so each connection remembers the first bytes of the request in progress.
 */
export function answerClientErrors(server: Server, limits: RequestLimits): void {
  const started = new WeakMap<Duplex, string>();
  server.on("secureConnection", (socket: Duplex) => {
    // The first chunk after a finished answer starts the next request (clients do not pipeline).
    let idle = true;
    socket.on("data", (chunk: Buffer) => {
      if (idle) started.set(socket, chunk.toString("latin1", 0, 8));
      idle = false;
    });
    socket.on("aks:answered", () => {
      idle = true;
      // Until the tap sees the next request, the parser's own chunk (rawPacket) is the better guess.
      started.delete(socket);
    });
  });
  server.on("request", (req, res) => res.once("finish", () => req.socket.emit("aks:answered")));

  server.on("clientError", (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    if (!socket.writable) return socket.destroy();
    // The tap above runs after the parser: for a request refused in its first chunk, that chunk is rawPacket.
    const start = started.get(socket) ?? err.rawPacket?.toString("latin1", 0, 8) ?? "";
    const head = /^HEAD /i.test(start);
    const [status, reason, error] = clientErrorAnswer(err, limits);
    const body = JSON.stringify({ error });
    const id = randomUUID();
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nx-ms-request-id: ${id}\r\nx-ms-correlation-request-id: ${id}\r\nconnection: close\r\n\r\n${head ? "" : body}`,
    );
  });
}

/** Status, reason phrase and ARM error for a request Node's HTTP parser refused (or timed out). */
export function clientErrorAnswer(err: NodeJS.ErrnoException, limits: RequestLimits): [number, string, { code: string; message: string }] {
  if (err.code === "HPE_HEADER_OVERFLOW") {
    return [431, "Request Header Fields Too Large", { code: "RequestHeaderFieldsTooLarge", message: `The request line and headers are larger than ${limits.maxHeaderBytes} bytes. Send smaller headers.` }];
  }
  if (err.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    return [408, "Request Timeout", { code: "RequestTimeout", message: `The request was not received within ${limits.requestTimeoutMs} ms. Send the whole request at once.` }];
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
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\n` + `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
