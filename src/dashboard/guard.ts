/**
 * The dashboard's refusals that need no state (docs/dashboard.md "Security"): a `Host` that is not a
 * loopback name (DNS rebinding: a page of another site that resolves its own name to 127.0.0.1 sends
 * its own name as `Host`), and a request another site's page made (`Origin`, `Sec-Fetch-Site`).
 */

/** Whether a `Host` header names this machine's loopback: `localhost` (and `*.localhost`), 127.0.0.0/8 or `[::1]`, with an optional port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(host);
  if (!m) return false;
  const name = m[1]!.toLowerCase().replace(/\.$/, "");
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  if (name === "[::1]" || name === "[0:0:0:0:0:0:0:1]") return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  return v4?.slice(1).every((o) => Number(o) <= 255) ?? false;
}

/**
 * Why a request to the dashboard's API comes from another site, or undefined when it does not: an
 * `Origin` other than the dashboard's own (`http://` + its `Host`), or a `Sec-Fetch-Site` other than
 * `same-origin` (or `none`: typed in the address bar or opened from another program).
 */
export function crossSiteReason(headers: {
  origin?: string | undefined;
  host?: string | undefined;
  "sec-fetch-site"?: string | string[] | undefined;
}): string | undefined {
  const origin = headers.origin;
  if (origin !== undefined && origin !== `http://${headers.host ?? ""}`) return `the request comes from another origin ('${origin}')`;
  const site = headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") return `the request comes from another site (Sec-Fetch-Site: ${String(site)})`;
  return undefined;
}

/** The response headers of every dashboard answer: nothing runs but the dashboard's own script, nothing embeds it, nothing leaks the login code. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "cache-control": "no-store",
});
