import type { ServerResponse } from "node:http";

/** What the request log needs to know of an answered request beyond its status. */
export interface ResponseFacts {
  requestId?: string;
  principal?: string;
  apiVersion?: string;
  errorCode?: string;
}

const facts = new WeakMap<ServerResponse, ResponseFacts>();

export function noteResponse(res: ServerResponse, more: ResponseFacts): void {
  const current = facts.get(res);
  if (current) Object.assign(current, more);
  else facts.set(res, { ...more });
}

export function responseFacts(res: ServerResponse): ResponseFacts {
  return facts.get(res) ?? {};
}
