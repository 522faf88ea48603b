import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { crossSiteReason, isLoopbackHost } from "../../src/dashboard/guard.js";

/** The dashboard's stateless refusals (src/dashboard/guard.ts): which Host headers are loopback names, which requests come from elsewhere. */

describe("dashboard guard", () => {
  it("loopback Host names: localhost, 127.0.0.0/8 and [::1], with or without a port", () => {
    for (const host of [
      "localhost",
      "localhost:8080",
      "LOCALHOST:1",
      "app.localhost:3000",
      "127.0.0.1",
      "127.0.0.1:45591",
      "127.255.0.9:1",
      "[::1]:8443",
      "[::1]",
    ]) {
      assert.equal(isLoopbackHost(host), true, host);
    }
  });

  it("anything else is refused: other names (DNS rebinding), other addresses, look-alikes and malformed values", () => {
    for (const host of [
      undefined,
      "",
      "evil.example",
      "evil.example:45591",
      "localhost.evil.example",
      "127.0.0.1.nip.io",
      "127.0.0.256",
      "128.0.0.1",
      "0.0.0.0",
      "10.0.0.1:80",
      "[::2]:80",
      "[::ffff:127.0.0.1]",
      "127.0.0.1:80@evil.example",
      "127.0.0.1 evil",
    ]) {
      assert.equal(isLoopbackHost(host), false, String(host));
    }
  });

  it("another origin or site: an Origin other than http://<Host>, a Sec-Fetch-Site other than same-origin or none", () => {
    const host = "127.0.0.1:4000";
    assert.equal(crossSiteReason({ host }), undefined);
    assert.equal(crossSiteReason({ host, origin: "http://127.0.0.1:4000", "sec-fetch-site": "same-origin" }), undefined);
    assert.equal(crossSiteReason({ host, "sec-fetch-site": "none" }), undefined);
    assert.match(crossSiteReason({ host, origin: "http://127.0.0.1:4001" }) ?? "", /another origin/);
    assert.match(crossSiteReason({ host, origin: "https://127.0.0.1:4000" }) ?? "", /another origin/);
    assert.match(crossSiteReason({ host, origin: "null" }) ?? "", /another origin/);
    assert.match(crossSiteReason({ host, "sec-fetch-site": "same-site" }) ?? "", /another site/);
    assert.match(crossSiteReason({ host, "sec-fetch-site": "cross-site" }) ?? "", /another site/);
  });
});
