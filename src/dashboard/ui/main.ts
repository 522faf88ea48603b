import { render, type VNode } from "preact";
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { html } from "./html.js";
import { ApiError, api, type Json, loadSession, type SessionInfo } from "./api.js";
import { allItems, type Item, knownVersion, loadSnapshot, provisioningState, type Snapshot } from "./snapshot.js";
import { connectionStateClass, Topology } from "./topology.js";

/**
 * The dashboard page (docs/dashboard.md). Everything it shows is text through Preact (no HTML is ever
 * parsed from data), every change goes through the emulator's ARM or control routes, and a live request
 * log comes over server-sent events.
 */

const TABS = ["resources", "topology", "connections", "operations", "faults", "requests", "state"] as const;
type Tab = (typeof TABS)[number];
const TAB_TITLES: Record<Tab, string> = {
  resources: "Resources",
  topology: "Topology",
  connections: "Connections",
  operations: "Operations and time",
  faults: "Faults",
  requests: "Requests",
  state: "State",
};
const BUILT_IN_PRINCIPALS: Record<string, string> = {
  "aa5ee1a0-0000-4000-8000-000000000010": "aks-emulator-owner",
  "aa5ee1a0-0000-4000-8000-000000000020": "aks-emulator-reader",
};
const TERMINAL_STATES = new Set(["succeeded", "failed", "canceled", "cancelled"]);

function currentTab(): Tab {
  const t = location.hash.replace(/^#/, "") as Tab;
  return TABS.includes(t) ? t : "resources";
}

function errorText(e: unknown): string {
  return e instanceof ApiError ? e.message : String((e as Error)?.message ?? e);
}

/** Runs an action, shows its error; answers whether it worked. */
function useAction(onDone: () => void): [(what: () => Promise<unknown>) => Promise<boolean>, string | undefined, () => void] {
  const [error, setError] = useState<string | undefined>(undefined);
  const run = useCallback(
    async (what: () => Promise<unknown>) => {
      setError(undefined);
      try {
        await what();
        onDone();
        return true;
      } catch (e) {
        setError(errorText(e));
        return false;
      }
    },
    [onDone],
  );
  return [run, error, () => setError(undefined)];
}

function ErrorLine({ error }: { error: string | undefined }): VNode | null {
  return error ? html`<p class="error" role="alert">${error}</p>` : null;
}

function StateBadge({ state }: { state: string | undefined }): VNode | null {
  return state ? html`<span class=${`badge ${state.toLowerCase()}`}>${state}</span>` : null;
}

// ---- Resources ---------------------------------------------------------------------------------

function ItemRow({ item, depth, selected, onSelect }: { item: Item; depth: number; selected: string | undefined; onSelect: (id: string) => void }): VNode {
  const id = String(item.body?.id ?? "");
  const type = item.type.split("/").slice(1).join("/");
  return html`<li>
    <button class=${`item${selected === id.toLowerCase() ? " selected" : ""}`} data-id=${id} onClick=${() => onSelect(id)}>
      <span class="name">${String(item.body?.name ?? id)}</span> <span class="type">${type}</span>
      <${StateBadge} state=${provisioningState(item.body)} />
    </button>
    ${item.children.length ? html`<ul>${item.children.map((c) => html`<${ItemRow} item=${c} depth=${depth + 1} selected=${selected} onSelect=${onSelect} />`)}</ul>` : null}
  </li>`;
}

function Resources({ snapshot, selected, onSelect }: { snapshot: Snapshot; selected: string | undefined; onSelect: (id: string) => void }): VNode {
  const chosen = selected ? findBody(snapshot, selected) : undefined;
  return html`<div class="split">
    <nav class="tree" aria-label="resources">
      ${snapshot.subscriptions.map(
        (s) => html`<section>
          <h3 class="sub">${`${String(s.body.displayName ?? "subscription")} (${String(s.body.subscriptionId)})`}</h3>
          <ul>
            ${s.groups.map(
              (g) => html`<li>
                <button class=${`item group${selected === String(g.body.id).toLowerCase() ? " selected" : ""}`} data-id=${String(g.body.id)} onClick=${() => onSelect(String(g.body.id))}>
                  <span class="name">${String(g.body.name)}</span> <span class="type">resourceGroups</span>
                  <${StateBadge} state=${provisioningState(g.body)} />
                </button>
                <ul>${g.items.map((i) => html`<${ItemRow} item=${i} depth=${1} selected=${selected} onSelect=${onSelect} />`)}</ul>
              </li>`,
            )}
            <li>
              <button class=${`item${selected === `roleassignments:${String(s.body.subscriptionId)}` ? " selected" : ""}`} onClick=${() => onSelect(`roleAssignments:${String(s.body.subscriptionId)}`)}>
                <span class="name">role assignments</span> <span class="type">${`${s.roleAssignments.length}`}</span>
              </button>
            </li>
          </ul>
        </section>`,
      )}
    </nav>
    <section class="detail">
      ${
        chosen === undefined
          ? html`<p class="hint">Choose a resource to see its JSON as the API returns it.</p>`
          : html`<h3>${String(chosen.name ?? selected)}</h3>
            <pre class="json" data-testid="json">${JSON.stringify(chosen, null, 2)}</pre>`
      }
    </section>
  </div>`;
}

function findBody(snapshot: Snapshot, id: string): Json | undefined {
  const lower = id.toLowerCase();
  if (lower.startsWith("roleassignments:")) {
    const sub = snapshot.subscriptions.find((s) => `roleassignments:${String(s.body.subscriptionId).toLowerCase()}` === lower);
    return sub ? { name: "role assignments", value: sub.roleAssignments } : undefined;
  }
  const item = snapshot.byId.get(lower);
  if (item) return item.body;
  for (const s of snapshot.subscriptions) {
    if (String(s.body.id).toLowerCase() === lower) return s.body;
    for (const g of s.groups) if (String(g.body.id).toLowerCase() === lower) return g.body;
  }
  return undefined;
}

// ---- Connections -------------------------------------------------------------------------------

function Connections({ snapshot, refresh }: { snapshot: Snapshot; refresh: () => void }): VNode {
  const [run, error] = useAction(refresh);
  const [descriptions, setDescriptions] = useState<Record<string, string>>({});
  // By id: AKS answers a connection's type as Microsoft.Network/privateEndpointConnections.
  const connections = allItems(snapshot).filter((i) => /\/managedclusters\/[^/]+\/privateendpointconnections\/[^/]+$/i.test(String(i.body?.id ?? "")));
  const decide = (c: Item, status: "Approved" | "Rejected") =>
    run(async () => {
      const id = String(c.body.id);
      const sub = id.split("/")[2] ?? "";
      const version = knownVersion(sub, "Microsoft.ContainerService/managedClusters/privateEndpointConnections");
      await api("PUT", `${id}?api-version=${version}`, {
        properties: {
          privateEndpoint: c.body.properties?.privateEndpoint,
          privateLinkServiceConnectionState: { status, description: descriptions[id] ?? "" },
        },
      });
    });
  const endpointSide = (c: Item): string => {
    const pe = snapshot.byId.get(String(c.body?.properties?.privateEndpoint?.id ?? "").toLowerCase());
    const conns = [
      ...((pe?.body?.properties?.privateLinkServiceConnections as Json[]) ?? []),
      ...((pe?.body?.properties?.manualPrivateLinkServiceConnections as Json[]) ?? []),
    ];
    const status = conns[0]?.properties?.privateLinkServiceConnectionState?.status;
    return pe ? String(status ?? "") : "(endpoint not found)";
  };
  return html`<section>
    <${ErrorLine} error=${error} />
    ${
      connections.length === 0
        ? html`<p class="hint">No private endpoint connections on any cluster.</p>`
        : html`<table class="grid">
          <thead><tr><th>cluster</th><th>connection</th><th>private endpoint</th><th>cluster side</th><th>endpoint side</th><th>description</th><th></th></tr></thead>
          <tbody>
            ${connections.map((c) => {
              const id = String(c.body.id);
              const status = String(c.body?.properties?.privateLinkServiceConnectionState?.status ?? "");
              return html`<tr data-id=${id}>
                <td>${id.split("/")[8] ?? ""}</td>
                <td>${String(c.body.name)}</td>
                <td>${String(c.body?.properties?.privateEndpoint?.id ?? "")
                  .split("/")
                  .pop()}</td>
                <td><span class=${`badge ${connectionStateClass(status)}`} data-testid="cluster-side">${status}</span></td>
                <td><span class=${`badge ${connectionStateClass(endpointSide(c))}`} data-testid="endpoint-side">${endpointSide(c)}</span></td>
                <td><input aria-label="description" value=${descriptions[id] ?? String(c.body?.properties?.privateLinkServiceConnectionState?.description ?? "")}
                  onInput=${(e: Event) => setDescriptions({ ...descriptions, [id]: (e.target as HTMLInputElement).value })} /></td>
                <td class="actions">
                  <button onClick=${() => decide(c, "Approved")}>Approve</button>
                  <button class="danger" onClick=${() => decide(c, "Rejected")}>Reject</button>
                </td>
              </tr>`;
            })}
          </tbody>
        </table>`
    }
  </section>`;
}

// ---- Operations and time -----------------------------------------------------------------------

function Operations({ refresh, version }: { refresh: () => void; version: number }): VNode {
  const [ops, setOps] = useState<Json[]>([]);
  const [clock, setClock] = useState<Json>(null);
  const [all, setAll] = useState(false);
  const [advanceMs, setAdvanceMs] = useState("600000");
  const load = useCallback(async () => {
    const [o, c] = await Promise.all([api("GET", `/_emulator/operations${all ? "" : "?status=InProgress"}`), api("GET", "/_emulator/clock")]);
    setOps((o.value as Json[]).slice(-200));
    setClock(c);
  }, [all]);
  const done = useCallback(() => {
    refresh();
    void load();
  }, [refresh, load]);
  const [run, error] = useAction(done);
  useEffect(() => {
    load().catch(() => undefined);
  }, [load, version]);
  return html`<section>
    <${ErrorLine} error=${error} />
    <div class="toolbar">
      <span data-testid="clock">${clock ? `emulator clock ${String(clock.now)} (offset ${String(clock.offsetMs)} ms)` : ""}</span>
      <label>advance by (ms) <input aria-label="advance by (ms)" value=${advanceMs} onInput=${(e: Event) => setAdvanceMs((e.target as HTMLInputElement).value)} /></label>
      <button onClick=${() => run(() => api("POST", "/_emulator/clock/advance", { ms: Number(advanceMs) }))}>Advance clock</button>
      <button onClick=${() => run(() => api("POST", "/_emulator/operations/complete"))}>Complete all now</button>
      <label><input type="checkbox" checked=${all} onChange=${(e: Event) => setAll((e.target as HTMLInputElement).checked)} /> finished ones too</label>
    </div>
    ${
      ops.length === 0
        ? html`<p class="hint">${all ? "No operations." : "No operations in flight."}</p>`
        : html`<table class="grid">
          <thead><tr><th>kind</th><th>resource</th><th>status</th><th>started</th><th>due</th><th></th></tr></thead>
          <tbody>${ops.map(
            (o) => html`<tr data-id=${String(o.id)}>
              <td>${String(o.kind)}</td>
              <td class="mono">${String(o.resourceId)}</td>
              <td><${StateBadge} state=${String(o.status)} />${o.held ? html` <span class="badge held">held</span>` : null}</td>
              <td>${String(o.startTime)}</td>
              <td>${o.held ? "until released" : String(o.dueAt ?? "")}</td>
              <td>${o.held ? html`<button onClick=${() => run(() => api("POST", `/_emulator/operations/${encodeURIComponent(String(o.id))}/release`))}>Release</button>` : null}</td>
            </tr>`,
          )}</tbody>
        </table>`
    }
  </section>`;
}

// ---- Faults ------------------------------------------------------------------------------------

const FAULT_EXAMPLE = JSON.stringify(
  {
    match: { method: "PUT", resourceType: "Microsoft.ContainerService/managedClusters" },
    effect: { status: 409, code: "OperationNotAllowed", message: "injected from the dashboard" },
    count: 1,
  },
  null,
  2,
);

function Faults({ version }: { version: number }): VNode {
  const [faults, setFaults] = useState<Json[]>([]);
  const [body, setBody] = useState(FAULT_EXAMPLE);
  const load = useCallback(async () => setFaults((await api("GET", "/_emulator/faults")).value as Json[]), []);
  const [run, error] = useAction(() => void load());
  useEffect(() => {
    load().catch(() => undefined);
  }, [load, version]);
  const add = () =>
    run(async () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch (e) {
        throw new Error(`The fault is not JSON: ${(e as Error).message}`);
      }
      await api("POST", "/_emulator/faults", parsed);
    });
  return html`<section class="split">
    <div>
      <h3>Active faults</h3>
      <${ErrorLine} error=${error} />
      <div class="toolbar"><button class="danger" onClick=${() => run(() => api("DELETE", "/_emulator/faults"))}>Clear all</button></div>
      ${
        faults.length === 0
          ? html`<p class="hint">No faults.</p>`
          : html`<table class="grid" data-testid="faults">
            <thead><tr><th>order</th><th>match</th><th>effect</th><th>fired</th><th>left</th><th></th></tr></thead>
            <tbody>${faults.map(
              (f) => html`<tr data-id=${String(f.id)}>
                <td>${String(f.order)}</td>
                <td class="mono">${JSON.stringify(f.match)}</td>
                <td class="mono">${JSON.stringify(f.effect)}</td>
                <td>${String(f.fired)}</td>
                <td>${f.remaining === undefined ? "until cleared" : String(f.remaining)}</td>
                <td><button onClick=${() => run(() => api("DELETE", `/_emulator/faults/${encodeURIComponent(String(f.id))}`))}>Remove</button></td>
              </tr>`,
            )}</tbody>
          </table>`
      }
    </div>
    <div>
      <h3>Add a fault</h3>
      <p class="hint">The body of <code>POST /_emulator/faults</code> (docs/testing-controls.md).</p>
      <textarea aria-label="fault" rows="12" value=${body} onInput=${(e: Event) => setBody((e.target as HTMLTextAreaElement).value)}></textarea>
      <div class="toolbar"><button onClick=${add}>Add fault</button></div>
    </div>
  </section>`;
}

// ---- Requests (live) ---------------------------------------------------------------------------

interface LogEntry {
  time: string;
  requestId: string | null;
  principal: string | null;
  method: string;
  path: string;
  apiVersion: string | null;
  status: number;
  errorCode: string | null;
  durationMs: number;
  dashboard: boolean;
}

function Requests({ session }: { session: SessionInfo }): VNode {
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const [filters, setFilters] = useState({ path: "", status: "", principal: "" });
  const [own, setOwn] = useState(false);
  const [emulatorRoutes, setEmulatorRoutes] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [live, setLive] = useState(false);
  const query = useMemo(() => {
    const q = new URLSearchParams();
    if (filters.path) q.set("path", filters.path);
    if (filters.status) q.set("status", filters.status);
    if (filters.principal) q.set("principal", filters.principal);
    if (emulatorRoutes) q.set("emulatorRoutes", "true");
    if (own) q.set("dashboard", "true");
    return q.toString();
  }, [filters, own, emulatorRoutes]);
  useEffect(() => {
    setEntries([]);
    setProblem(undefined);
    setLive(false);
    const source = new EventSource(`/events${query ? `?${query}` : ""}`);
    source.addEventListener("request", (ev) => {
      const entry = JSON.parse((ev as MessageEvent).data) as LogEntry;
      setEntries((list) => [...list.slice(-499), entry]);
    });
    source.addEventListener("ready", () => setLive(true));
    source.onerror = () => {
      setLive(false);
      if (source.readyState === EventSource.CLOSED) {
        setProblem("The live log stopped (a filter may be invalid: a path starts with '/', a status is e.g. 404 or 4xx).");
      }
    };
    return () => source.close();
  }, [query]);
  const principalName = (p: string | null) =>
    p === null ? "" : p === session.principal.objectId ? `${session.principal.name} (this dashboard)` : (BUILT_IN_PRINCIPALS[p] ?? p);
  const field = (name: "path" | "status" | "principal", label: string, placeholder: string) =>
    html`<label>${label} <input aria-label=${label} placeholder=${placeholder} value=${filters[name]}
      onChange=${(e: Event) => setFilters({ ...filters, [name]: (e.target as HTMLInputElement).value.trim() })}
      onKeyDown=${(e: KeyboardEvent) => {
        if (e.key === "Enter") setFilters({ ...filters, [name]: (e.target as HTMLInputElement).value.trim() });
      }} /></label>`;
  return html`<section>
    <div class="toolbar">
      ${field("path", "path", "/subscriptions/**")}
      ${field("status", "status", "4xx")}
      ${field("principal", "principal", "object id")}
      <label><input type="checkbox" checked=${own} onChange=${(e: Event) => setOwn((e.target as HTMLInputElement).checked)} /> the dashboard's own requests</label>
      <label><input type="checkbox" checked=${emulatorRoutes} onChange=${(e: Event) => setEmulatorRoutes((e.target as HTMLInputElement).checked)} /> emulator routes</label>
      <span class=${`badge ${live ? "succeeded" : "pending"}`} data-testid="live">${live ? "live" : "connecting"}</span>
    </div>
    <${ErrorLine} error=${problem} />
    <table class="grid log" data-testid="request-log">
      <thead><tr><th>time</th><th>method</th><th>path</th><th>api-version</th><th>status</th><th>error code</th><th>principal</th><th>ms</th></tr></thead>
      <tbody>${entries
        .slice()
        .reverse()
        .map(
          (e) => html`<tr class=${e.status >= 400 ? "failed" : ""} data-request-id=${e.requestId ?? ""}>
            <td title=${e.time}>${new Date(e.time).toISOString().slice(11, 23)}</td>
            <td>${e.method}</td>
            <td class="mono path">${e.path}</td>
            <td>${e.apiVersion ?? ""}</td>
            <td>${String(e.status)}</td>
            <td>${e.errorCode ?? ""}</td>
            <td title=${e.principal ?? ""}>${principalName(e.principal)}</td>
            <td>${e.durationMs.toFixed(1)}</td>
          </tr>`,
        )}</tbody>
    </table>
  </section>`;
}

// ---- State -------------------------------------------------------------------------------------

function State({ refresh }: { refresh: () => void }): VNode {
  const [run, error] = useAction(refresh);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const fileInput = useRef<HTMLInputElement>(null);
  const exportState = () =>
    run(async () => {
      const doc = await api("GET", "/_emulator/state");
      const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: "application/json" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `aks-emulator-state-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setMessage(`Exported ${(doc.resources as unknown[]).length} resources and ${(doc.operations as unknown[]).length} operations.`);
    });
  const importState = () =>
    run(async () => {
      const file = fileInput.current?.files?.[0];
      if (!file) throw new Error("Choose a state file first.");
      const answer = await api("PUT", "/_emulator/state", await file.text());
      setMessage(`Imported ${String(answer.resources)} resources and ${String(answer.operations)} operations.`);
    });
  const reset = () =>
    run(async () => {
      if (!confirm("Remove every resource, operation and fault?")) return;
      await api("POST", "/_emulator/reset");
      setMessage("Reset: everything removed.");
    });
  return html`<section>
    <${ErrorLine} error=${error} />
    ${message ? html`<p class="note">${message}</p>` : null}
    <div class="toolbar"><button onClick=${exportState}>Export state</button></div>
    <div class="toolbar"><input type="file" accept="application/json,.json" ref=${fileInput} aria-label="state file" /><button onClick=${importState}>Import state</button></div>
    <div class="toolbar"><button class="danger" onClick=${reset}>Reset everything</button></div>
  </section>`;
}

// ---- The page ----------------------------------------------------------------------------------

function App(): VNode {
  const [session, setSession] = useState<SessionInfo | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [snapshot, setSnapshot] = useState<Snapshot | undefined>(undefined);
  const [version, setVersion] = useState(0);
  const [tab, setTab] = useState<Tab>(currentTab());
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const loading = useRef(false);
  const again = useRef(false);

  const refresh = useCallback(() => {
    if (loading.current) {
      again.current = true;
      return;
    }
    loading.current = true;
    loadSnapshot()
      .then((s) => {
        setSnapshot(s);
        setVersion((v) => v + 1);
        setFailure(undefined);
      })
      .catch((e) => setFailure(errorText(e)))
      .finally(() => {
        loading.current = false;
        if (again.current) {
          again.current = false;
          refresh();
        }
      });
  }, []);

  useEffect(() => {
    loadSession()
      .then((s) => {
        setSession(s);
        refresh();
      })
      .catch((e) => setFailure(errorText(e)));
    const onHash = () => setTab(currentTab());
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, [refresh]);

  // Others' changes (an SDK's requests) refresh what is shown; so does time while something is in flight.
  useEffect(() => {
    if (!session) return;
    const source = new EventSource("/events?emulatorRoutes=true");
    let timer: ReturnType<typeof setTimeout> | undefined;
    source.addEventListener("request", (ev) => {
      const e = JSON.parse((ev as MessageEvent).data) as LogEntry;
      if (e.method === "GET" || e.dashboard || e.path.startsWith("/_emulator/identity/")) return;
      clearTimeout(timer);
      timer = setTimeout(refresh, 200);
    });
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [session, refresh]);
  const busy = useMemo(
    () => (snapshot ? allItems(snapshot).some((i) => !TERMINAL_STATES.has((provisioningState(i.body) ?? "succeeded").toLowerCase())) : false),
    [snapshot],
  );
  useEffect(() => {
    if (!busy) return;
    const t = setTimeout(refresh, 2000);
    return () => clearTimeout(t);
  }, [busy, snapshot, refresh]);

  const select = (id: string) => {
    setSelected(id.toLowerCase());
    if (tab !== "resources") location.hash = "#resources";
  };

  let body: VNode | null = null;
  if (session && snapshot) {
    switch (tab) {
      case "resources":
        body = html`<${Resources} snapshot=${snapshot} selected=${selected} onSelect=${select} />`;
        break;
      case "topology":
        body = html`<${Topology} snapshot=${snapshot} onSelect=${select} />`;
        break;
      case "connections":
        body = html`<${Connections} snapshot=${snapshot} refresh=${refresh} />`;
        break;
      case "operations":
        body = html`<${Operations} refresh=${refresh} version=${version} />`;
        break;
      case "faults":
        body = html`<${Faults} version=${version} />`;
        break;
      case "requests":
        body = html`<${Requests} session=${session} />`;
        break;
      case "state":
        body = html`<${State} refresh=${refresh} />`;
        break;
    }
  }
  return html`<div class="page">
    <header>
      <h1>aks-emulator</h1>
      <nav class="tabs">
        ${TABS.map((t) => html`<a href=${`#${t}`} class=${t === tab ? "active" : ""} aria-current=${t === tab ? "page" : undefined}>${TAB_TITLES[t]}</a>`)}
      </nav>
      <span class="who">${session ? `${session.principal.name} (Owner) · ${session.endpoint}` : ""}</span>
      <button onClick=${refresh}>Refresh</button>
    </header>
    <${ErrorLine} error=${failure} />
    <main>${body ?? html`<p class="hint">${failure ? "" : "Loading…"}</p>`}</main>
  </div>`;
}

const root = document.getElementById("app")!;
root.textContent = "";
render(html`<${App} />`, root);
