import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { READER_PRINCIPAL } from "../../src/identity/principals.js";
import { startTestEmulator, type TestEmulator } from "../support/emulator.js";
import { dashboardRequest, loginWith, type DashboardSession } from "../support/dashboard.js";

/**
 * The dashboard's doors over plain HTTP (src/dashboard/server.ts, docs/dashboard.md "Security"): the
 * one-time login, the session's own principal with its Owner assignment, the refusals of a non-loopback
 * Host, of other origins and of changes without the CSRF header, and the live request log's stream.
 * Each refusal is checked to change nothing, next to the same request accepted.
 */

const OWNER_ROLE_GUID = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const FAULT = { match: { method: "PUT", path: "/subscriptions/*/resourceGroups/nowhere/**" }, effect: { status: 409, code: "Conflict" }, count: 1 };

describe("dashboard: login, session principal and refusals", () => {
  let te: TestEmulator;
  let login: { url: string; port: number };
  let session: DashboardSession;

  const faults = async () => (await te.request("GET", "/_emulator/faults")).json.value as unknown[];
  const api = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
    dashboardRequest(method, `${session.origin}/api${path}`, { headers: { cookie: session.cookie, ...headers }, body });

  before(async () => {
    te = await startTestEmulator({ writeRuntime: true });
  });
  after(async () => te?.close());

  it("starts only when asked: no dashboard port at start; an Owner's login request starts it and records its port in runtime.json", async () => {
    assert.equal(te.emulator.info.dashboardPort, undefined);
    const runtimeBefore = JSON.parse(await readFile(join(te.dataDir, "runtime.json"), "utf8"));
    assert.equal(runtimeBefore.dashboardPort, undefined);

    const reader = await te.request("POST", "/_emulator/dashboard/login", { auth: `Bearer ${te.token(READER_PRINCIPAL)}` });
    assert.equal(reader.status, 403);
    assert.equal(reader.json.error.code, "AuthorizationFailed");
    const anonymous = await te.request("POST", "/_emulator/dashboard/login", { auth: false });
    assert.equal(anonymous.status, 401);

    const answer = await te.request("POST", "/_emulator/dashboard/login");
    assert.equal(answer.status, 201);
    assert.match(answer.json.url, /^http:\/\/127\.0\.0\.1:\d+\/\?code=[A-Za-z0-9_-]{43}$/);
    assert.ok(Date.parse(answer.json.expiresAt) > Date.now());
    login = answer.json;
    const runtime = JSON.parse(await readFile(join(te.dataDir, "runtime.json"), "utf8"));
    assert.equal(runtime.dashboardPort, login.port);
    assert.equal(new URL(login.url).port, String(login.port));
  });

  it("a login code is used once: it becomes an HttpOnly, SameSite=Strict session cookie and the page; used again it is refused", async () => {
    const origin = new URL(login.url).origin;
    const noSession = await dashboardRequest("GET", `${origin}/`);
    assert.equal(noSession.status, 401);
    assert.doesNotMatch(noSession.text, /<script/);

    const first = await dashboardRequest("GET", login.url);
    assert.equal(first.status, 303);
    assert.equal(first.headers["location"], "/");
    const cookie = ([] as string[]).concat(first.headers["set-cookie"] ?? [])[0]!;
    assert.match(cookie, /^aks_emulator_dashboard_\d+=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const again = await dashboardRequest("GET", login.url);
    assert.equal(again.status, 401);
    assert.equal(again.headers["set-cookie"], undefined);
    const unknown = await dashboardRequest("GET", `${origin}/?code=${"A".repeat(43)}`);
    assert.equal(unknown.status, 401);

    const page = await dashboardRequest("GET", `${origin}/`, { headers: { cookie: cookie.split(";")[0]! } });
    assert.equal(page.status, 200);
    assert.match(String(page.headers["content-type"]), /^text\/html/);
    // No inline script: the only script is the page's own file, and the CSP allows nothing else.
    assert.deepEqual(page.text.match(/<script[^>]*>/g), ['<script type="module" src="/assets/app.js">']);
    assert.match(String(page.headers["content-security-policy"]), /default-src 'none'; script-src 'self';/);
    assert.doesNotMatch(String(page.headers["content-security-policy"]), /unsafe-inline|unsafe-eval/);
    assert.equal(page.headers["x-frame-options"], "DENY");
    const script = await dashboardRequest("GET", `${origin}/assets/app.js`);
    assert.equal(script.status, 200);
    assert.match(String(script.headers["content-type"]), /^text\/javascript/);
    // Offline: the bundle names no host to load from (the XML namespace names of SVG, MathML and XHTML are names, not fetched).
    const hosts = (script.text.match(/https?:\/\/[a-z0-9.-]+/gi) ?? []).filter((u) => u !== "http://www.w3.org");
    assert.deepEqual(hosts, []);
  });

  it("the session is a principal of its own with an Owner assignment, shown in the role assignments and the request log", async () => {
    session = await loginWith((await te.request("POST", "/_emulator/dashboard/login")).json.url);
    assert.match(session.principal.objectId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(session.principal.name, /^aks-emulator-dashboard-\d+$/);

    const listed = await api("GET", `/subscriptions/${te.subscriptionId}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`);
    assert.equal(listed.status, 200);
    const mine = (listed.json.value as any[]).filter((a) => a.properties.principalId === session.principal.objectId);
    assert.equal(mine.length, 1);
    assert.ok(String(mine[0].properties.roleDefinitionId).endsWith(OWNER_ROLE_GUID));

    const log = await te.request("GET", `/_emulator/requests?principal=${session.principal.objectId}`);
    assert.deepEqual(
      (log.json.value as any[]).map((e) => [e.method, e.path, e.status]),
      [["GET", `/subscriptions/${te.subscriptionId}/providers/Microsoft.Authorization/roleAssignments`, 200]],
    );
  });

  it("changes go through the control routes with the CSRF header; without it, or with another one, nothing changes", async () => {
    const missing = await api("POST", "/_emulator/faults", {}, FAULT);
    assert.equal(missing.status, 403);
    assert.equal(missing.json.error.code, "Forbidden");
    const wrong = await api("POST", "/_emulator/faults", { "x-aks-emulator-csrf": "A".repeat(43) }, FAULT);
    assert.equal(wrong.status, 403);
    assert.deepEqual(await faults(), []);

    const accepted = await api("POST", "/_emulator/faults", { "x-aks-emulator-csrf": session.csrfToken }, FAULT);
    assert.equal(accepted.status, 201);
    assert.equal((await faults()).length, 1);
    assert.equal((await api("DELETE", "/_emulator/faults", { "x-aks-emulator-csrf": session.csrfToken })).status, 200);
    assert.deepEqual(await faults(), []);
  });

  it("another origin or site changes nothing, even with the session's cookie and CSRF token", async () => {
    const csrf = { "x-aks-emulator-csrf": session.csrfToken };
    for (const headers of <Record<string, string>[]>[
      { origin: "http://evil.example" },
      { origin: "http://127.0.0.1:1" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
      // Another port of 127.0.0.1 is the same site (cookies do not tell ports apart), not the same origin.
      { "sec-fetch-site": "same-site" },
    ]) {
      const refused = await api("POST", "/_emulator/faults", { ...csrf, ...headers }, FAULT);
      assert.equal(refused.status, 403, JSON.stringify(headers));
      assert.equal(refused.json.error.code, "Forbidden");
      const read = await api("GET", "/_emulator/faults", headers);
      assert.equal(read.status, 403, JSON.stringify(headers));
    }
    assert.deepEqual(await faults(), []);
    const sameOrigin = await api("GET", "/_emulator/faults", { origin: session.origin, "sec-fetch-site": "same-origin" });
    assert.equal(sameOrigin.status, 200);
  });

  it("a Host that is not a loopback name is refused before anything else (DNS rebinding), the login code included", async () => {
    const port = new URL(session.origin).port;
    const rebinding = { host: `evil.example:${port}`, cookie: session.cookie, "x-aks-emulator-csrf": session.csrfToken };
    const change = await dashboardRequest("POST", `${session.origin}/api/_emulator/faults`, { headers: rebinding, body: FAULT });
    assert.equal(change.status, 403);
    assert.equal(change.json.error.code, "InvalidHostHeader");
    assert.equal((await dashboardRequest("GET", `${session.origin}/session`, { headers: rebinding })).status, 403);
    assert.deepEqual(await faults(), []);

    const fresh = (await te.request("POST", "/_emulator/dashboard/login")).json.url as string;
    const stolen = await dashboardRequest("GET", fresh, { headers: { host: `attacker.test:${port}` } });
    assert.equal(stolen.status, 403);
    assert.equal(stolen.headers["set-cookie"], undefined);
    // Not consumed by the refused request.
    for (const host of [`localhost:${port}`]) {
      const ok = await dashboardRequest("GET", fresh, { headers: { host } });
      assert.equal(ok.status, 303, host);
    }
  });

  it("only the emulator's ARM routes and testing controls are forwarded; no session: 401", async () => {
    const csrf = { "x-aks-emulator-csrf": session.csrfToken };
    assert.equal((await api("GET", "/_emulator/identity/token?api-version=2019-08-01&resource=https://management.azure.com")).status, 404);
    assert.equal((await api("GET", "/metadata/endpoints?api-version=2022-09-01")).status, 404);
    assert.equal((await api("POST", "/_emulator/reset", csrf)).status, 200);
    const anonymous = await dashboardRequest("GET", `${session.origin}/api/_emulator/faults`);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.json.error.code, "AuthenticationFailed");
  });

  it("the live request log streams new requests, without the dashboard's own unless asked", async () => {
    const controller = new AbortController();
    const response = await fetch(`${session.origin}/events?path=/subscriptions/**`, { headers: { cookie: session.cookie }, signal: controller.signal });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/);
    const reader = response.body!.getReader();
    let text = "";
    const until = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before ${pattern}: ${text}`);
        text += Buffer.from(value).toString("utf8");
      }
    };
    await until(/event: ready/);
    await api("GET", `/subscriptions/${te.subscriptionId}/resourcegroups/dashboard-own?api-version=2022-09-01`);
    await te.request("GET", `/subscriptions/${te.subscriptionId}/resourcegroups/sdk-made?api-version=2022-09-01`);
    await until(/sdk-made/);
    controller.abort();
    const events = text
      .split("\n\n")
      .filter((block) => block.startsWith("event: request"))
      .map((block) => JSON.parse(block.split("\ndata: ")[1]!));
    const last = events.at(-1);
    assert.equal(last.path, `/subscriptions/${te.subscriptionId}/resourcegroups/sdk-made`);
    assert.equal(last.status, 404);
    assert.equal(last.errorCode, "ResourceGroupNotFound");
    assert.equal(last.dashboard, false);
    assert.ok(!events.some((e) => e.path.endsWith("/dashboard-own")));

    const bad = await dashboardRequest("GET", `${session.origin}/events?status=abc`, { headers: { cookie: session.cookie } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, "InvalidParameter");
  });
});

describe("dashboard: --dashboard-port at start", () => {
  it("serves on the given port from the start and records it", async () => {
    const te = await startTestEmulator({ dashboardPort: 0 });
    try {
      const port = te.emulator.info.dashboardPort!;
      assert.ok(port > 0);
      const login = await te.request("POST", "/_emulator/dashboard/login");
      assert.equal(login.json.port, port);
      const session = await loginWith(login.json.url);
      assert.equal(session.origin, `http://127.0.0.1:${port}`);
    } finally {
      await te.close();
    }
  });
});
