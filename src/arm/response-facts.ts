import type { ServerResponse } from "node:http";

/** What the request log needs to know of an answered request beyond its status. */
export interface ResponseFacts {
  requestId?: string;
  principal?: string;
  apiVersion?: string;
  errorCode?: string;
}

/** Kept on the response object itself: cheaper per request than a WeakMap entry. */
const FACTS = Symbol("aksEmulatorResponseFacts");
type WithFacts = ServerResponse & { [FACTS]?: ResponseFacts };

export function noteResponse(res: ServerResponse, more: ResponseFacts): void {
  const r = res as WithFacts;
  const current = r[FACTS];
  if (current) Object.assign(current, more);
  else r[FACTS] = { ...more };
}

export function responseFacts(res: ServerResponse): ResponseFacts {
  return (res as WithFacts)[FACTS] ?? {};
}
