/**
 * What the request log needs to know of an answered request beyond its status. The request's
 * first handler creates it and the envelope fills it in as it learns each fact; it is passed
 * along rather than kept on the response object, whose shape Node's own code depends on.
 */
export interface ResponseFacts {
  requestId?: string;
  principal?: string;
  apiVersion?: string;
  errorCode?: string;
}
