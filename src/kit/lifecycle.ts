import { checkPreconditions, readPreconditions } from "../arm/conditional.js";
import { ArmError } from "../arm/errors.js";
import type { Completer } from "../arm/lro.js";
import type { ArmRequest, ArmResponse, Route } from "../arm/router.js";
import type { ProviderContext } from "../providers/context.js";
import { pageResponse } from "../providers/paging.js";
import { assertSubscriptionId } from "../providers/resources/subscriptions.js";
import { optionalStringMap, requireObject } from "../providers/validation.js";
import { type OperationRecord, PreconditionError, type StoredResource, type Write } from "../store/store.js";
import type { ResourceTypeDeclaration } from "./declaration.js";

type Obj = Record<string, unknown>;

/**
 * The one lifecycle of a resource type (tracked or child, synchronous or long-running): PUT with
 * If-Match / If-None-Match, GET, list with nextLink paging, PATCH of tags, DELETE, 409 while the
 * resource or its parent has an operation in flight, the operation record and its completion, and
 * `--lro-duration 0` (the first answer final). A type declares its place, its rules (`build`) and
 * its answer (`render`); status codes and choices that differ from the defaults are overrides.
 */
export interface ResourceSpec {
  namespace: string;
  /** Type path below the namespace, e.g. `managedClusters/maintenanceConfigurations`. */
  type: string;
  /** Where the resource hangs: its group (tracked) or its parent resource (child). */
  scope: ScopeSpec;
  /** The route parameter naming the resource, e.g. `configName`. */
  nameParam: string;
  /** Also listed across the subscription (`/subscriptions/{id}/providers/{namespace}/{type}`). */
  listBySubscription?: boolean;
  /** Checks the name in the path, before anything else of a PUT. */
  checkName?(name: string): void;
  /** The resource to store from a PUT body, and what else the PUT writes; throws ArmError for bad input. */
  build(input: BuildInput, ctx: ProviderContext): Built | Promise<Built>;
  /** The answer at an api-version (default: the stored resource). */
  render?(resource: Obj, apiVersion: string): Obj;
  /** The 404 of a resource that does not exist. */
  notFound(name: string, scope: ScopeRef): ArmError;
  /** The error refusing a write while one of these operations (the resource's or its parent's) is in flight; undefined: allowed. */
  busy?(active: OperationRecord[]): ArmError | undefined;
  /** Answers PATCH with `{tags}`, applied at once. */
  patchTags?: boolean;
  /** Long-running PUT and DELETE in this style; synchronous without. */
  operations?: OperationStyle;
  /** What deleting the resource removes besides its own tree. */
  teardown?(stored: StoredResource): Write[] | Promise<Write[]>;
  /** Status of the PUT's answer (default 201 for a new resource, 200 for an update). */
  putStatus?(created: boolean, apiVersion: string): number;
  /** Status of a synchronous DELETE of an existing resource (default 200) and of a missing one (default 204). */
  deleteStatus?: { existing: number; missing: number };
}

/** What a PUT's rules get: the name, the body, the stored resource on update, the scope and the request's facts. */
interface BuildInput {
  name: string;
  body: Obj;
  previous?: Obj;
  scope: ScopeRef;
  /** The resource id the kit gives it (the stored one on update). */
  id: string;
  apiVersion: string;
  now: number;
}

interface Built {
  /** The resource as stored and answered at the newest version (`id`, `name`, `type`: the kit's where it leaves them out). */
  resource: Obj;
  /** Other writes of the same commit. */
  writes?: Write[];
}

/** The resource a request's path places the resource in: its group or its parent, which exists. */
interface ScopeRef {
  /** Store key of the scope: resources are listed under it. */
  key: string;
  /** What a resource's key and id start with: the parent's (a child) or `<group>/providers/<namespace>` (a tracked resource). */
  keyPrefix: string;
  idPrefix: string;
  subscriptionId: string;
  /** The scope's own stored row. */
  stored: StoredResource;
}

export interface ScopeSpec {
  /** The route path of the scope, e.g. `/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/NS` for a group's types. */
  path: string;
  /** The scope the params name, or the 404 ARM answers for it. */
  require(ctx: ProviderContext, params: Record<string, string>): Promise<ScopeRef>;
  /** A child's parent: its operations in flight count for `busy`, and it must be unchanged when a child is written. */
  isParent: boolean;
}

/** How a type's long-running operations are recorded and answered (each service has its own URLs and headers). */
interface OperationStyle {
  /** Operation kinds prefix: `<prefix>.put` and `<prefix>.delete`. */
  readonly kindPrefix: string;
  record(
    ctx: ProviderContext,
    input: { kind: string; key: string; scope: ScopeRef; location: string; apiVersion: string; generation: number },
  ): OperationRecord;
  /** Headers of an accepted PUT (`put`) or DELETE (`delete`). */
  headers(origin: string, op: OperationRecord, verb: "put" | "delete"): Record<string, string>;
  /** The provisioningState shown while a PUT is in flight. */
  inFlightState(created: boolean): string;
}

/** Stored form of kit-built resources: the answer body and a generation counter. */
interface KitBody {
  resource: Obj;
  meta: { generation: number };
}

const asKit = (stored: StoredResource): KitBody => stored.body as unknown as KitBody;

/** The declaration of a kit-built type: its routes and, when long-running, its completers. */
export function kitResource(
  spec: ResourceSpec,
  declaration: Pick<ResourceTypeDeclaration, "apiVersions" | "registration" | "sample" | "groupCascade">,
): ResourceTypeDeclaration {
  return {
    ...declaration,
    namespace: spec.namespace,
    type: spec.type,
    routes: (ctx) => resourceRoutes(ctx, spec),
    ...(spec.operations ? { completers: (ctx: ProviderContext) => resourceCompleters(ctx, spec, spec.operations!) } : {}),
  };
}

function resourceRoutes(ctx: ProviderContext, spec: ResourceSpec): Route[] {
  const segment = spec.type.split("/").pop()!;
  const fullType = `${spec.namespace}/${spec.type}`;
  const storedType = fullType.toLowerCase();
  const itemPath = `${spec.scope.path}/${segment}/:${spec.nameParam}`;
  const versions = { namespace: spec.namespace, resourceType: spec.type, kind: "provider" as const };
  const render = (resource: Obj, apiVersion: string): Obj => (spec.render ? spec.render(resource, apiVersion) : resource);
  const immediate = (): boolean => ctx.config.lroDurationMs === 0;

  const lookup = async (req: ArmRequest) => {
    const scope = await spec.scope.require(ctx, req.params);
    const name = req.params[spec.nameParam]!;
    const key = `${scope.keyPrefix}/${segment}/${name}`.toLowerCase();
    return { scope, name, key, stored: await ctx.store.get(key) };
  };

  /** 409 while the resource, or the parent it hangs under, has an operation in flight. */
  const refuseWhileBusy = async (scope: ScopeRef, key: string): Promise<void> => {
    if (!spec.busy) return;
    const active = [...(await ctx.store.activeOperations(key)), ...(spec.scope.isParent ? await ctx.store.activeOperations(scope.key) : [])];
    const error = active.length > 0 ? spec.busy(active) : undefined;
    if (error) throw error;
  };

  /** The write keeping a child's parent as it was read: a delete of it in between must not leave an orphan. */
  const parentUnchanged = (scope: ScopeRef): Write[] =>
    spec.scope.isParent ? [{ op: "put", resource: scope.stored, expect: { etag: scope.stored.etag } }] : [];

  const record = (scope: ScopeRef, key: string, id: string, resource: Obj, generation: number): StoredResource => ({
    key,
    id,
    parentKey: scope.key,
    subscriptionId: scope.subscriptionId.toLowerCase(),
    type: storedType,
    // Derived from the seed, the key and the generation: the same run gives the same ETags (--seed).
    etag: ctx.ids.guid("resource-etag", key, generation),
    body: { resource, meta: { generation } } satisfies KitBody as unknown as Obj,
  });

  const put = async (req: ArmRequest): Promise<ArmResponse> => {
    const { scope, name, key, stored } = await lookup(req);
    checkPreconditions(readPreconditions(req.headers), stored?.etag, `'${name}'`);
    spec.checkName?.(name);
    const body = requireObject(req.body, "");
    await refuseWhileBusy(scope, key);
    const previous = stored ? asKit(stored) : undefined;
    const id = stored?.id ?? `${scope.idPrefix}/${segment}/${name}`;
    const built = await spec.build({ name, body, previous: previous?.resource, scope, id, apiVersion: req.apiVersion, now: ctx.clock.now() }, ctx);
    // The type's own order of properties; what it leaves out of id, name and type, the kit fills in.
    const resource: Obj = { ...built.resource };
    resource["id"] ??= id;
    resource["name"] ??= previous ? previous.resource["name"] : name;
    resource["type"] ??= fullType;
    const generation = (previous?.meta.generation ?? 0) + 1;
    const created = !stored;
    const status = spec.putStatus ? spec.putStatus(created, req.apiVersion) : created ? 201 : 200;
    const writes: Write[] = [...(built.writes ?? []), ...parentUnchanged(scope)];
    const expect = stored ? { etag: stored.etag } : ({ absent: true } as const);
    const style = spec.operations;
    if (!style || immediate()) {
      if (style) setProvisioningState(resource, "Succeeded");
      await commitOrConflict(ctx, [{ op: "put", resource: record(scope, key, id, resource, generation), expect }, ...writes], id);
      return { status, body: render(resource, req.apiVersion) };
    }
    setProvisioningState(resource, style.inFlightState(created));
    const op = style.record(ctx, {
      kind: `${style.kindPrefix}.put`,
      key,
      scope,
      location: locationOf(resource, scope),
      apiVersion: req.apiVersion,
      generation,
    });
    await commitOrConflict(
      ctx,
      [{ op: "put", resource: record(scope, key, id, resource, generation), expect }, ...writes, { op: "putOperation", operation: op }],
      id,
    );
    return { status, body: render(resource, req.apiVersion), headers: style.headers(req.origin, op, "put") };
  };

  // Answers follow the api-version: the memo's slot names it beside the path.
  const get = async (req: ArmRequest): Promise<ArmResponse> => {
    const slot = `${req.path}\n${req.apiVersion}`;
    const body =
      ctx.answers.get(slot) ??
      (await ctx.answers.remember(slot, async () => {
        const { scope, name, stored } = await lookup(req);
        if (!stored) throw spec.notFound(name, scope);
        return Buffer.from(JSON.stringify(render(asKit(stored).resource, req.apiVersion)));
      }));
    return { status: 200, body };
  };

  const patch = async (req: ArmRequest): Promise<ArmResponse> => {
    const { scope, name, key, stored } = await lookup(req);
    if (!stored) throw spec.notFound(name, scope);
    checkPreconditions(readPreconditions(req.headers), stored.etag, `'${name}'`);
    const input = requireObject(req.body, "");
    await refuseWhileBusy(scope, key);
    const current = asKit(stored);
    const resource = structuredClone(current.resource);
    if ("tags" in input) resource["tags"] = optionalStringMap(input["tags"], "tags") ?? {};
    const next = record(scope, key, stored.id, resource, current.meta.generation + 1);
    await commitOrConflict(ctx, [{ op: "put", resource: next, expect: { etag: stored.etag } }], stored.id);
    return { status: 200, body: render(resource, req.apiVersion) };
  };

  const del = async (req: ArmRequest): Promise<ArmResponse> => {
    const { scope, name, key, stored } = await lookup(req);
    const pre = readPreconditions(req.headers);
    const status = spec.deleteStatus ?? { existing: 200, missing: 204 };
    if (!stored) {
      if (pre.ifMatch !== undefined) checkPreconditions(pre, undefined, `'${name}'`);
      return { status: status.missing };
    }
    checkPreconditions(pre, stored.etag, `'${name}'`);
    const style = spec.operations;
    if (style) {
      const running = (await ctx.store.activeOperations(key)).find((o) => o.kind === `${style.kindPrefix}.delete`);
      if (running) return { status: 202, headers: style.headers(req.origin, running, "delete") };
    }
    await refuseWhileBusy(scope, key);
    const teardown = (await spec.teardown?.(stored)) ?? [];
    if (!style || immediate()) {
      await commitOrConflict(
        ctx,
        // The resource as it was read, then its children and what its teardown names.
        [{ op: "delete", key, expect: { etag: stored.etag } }, ...teardown, { op: "deleteTree", key }],
        stored.id,
      );
      return { status: status.existing };
    }
    const current = asKit(stored);
    const resource = structuredClone(current.resource);
    setProvisioningState(resource, "Deleting");
    const generation = current.meta.generation + 1;
    const op = style.record(ctx, {
      kind: `${style.kindPrefix}.delete`,
      key,
      scope,
      location: locationOf(resource, scope),
      apiVersion: req.apiVersion,
      generation,
    });
    await commitOrConflict(
      ctx,
      [
        { op: "put", resource: record(scope, key, stored.id, resource, generation), expect: { etag: stored.etag } },
        { op: "putOperation", operation: op },
      ],
      stored.id,
    );
    return { status: 202, headers: style.headers(req.origin, op, "delete") };
  };

  // A page is remembered whole until the store changes; its nextLink is made of the origin, the
  // path as sent, the api-version and the skip token, so they name the slot.
  const rememberedPage = async (req: ArmRequest, where: () => Promise<{ parentKey?: string; subscriptionId?: string }>): Promise<ArmResponse> => {
    const slot = `page\n${req.origin}${req.path}\n${req.apiVersion}\n${req.query.get("$skipToken") ?? ""}`;
    const body =
      ctx.answers.get(slot) ??
      (await ctx.answers.remember(slot, async () => {
        const page = await pageResponse(ctx, req, { type: storedType, ...(await where()) }, (r) => render(asKit(r).resource, req.apiVersion));
        return Buffer.from(JSON.stringify(page.body));
      }));
    return { status: 200, body };
  };
  const listInScope = (req: ArmRequest) => rememberedPage(req, async () => ({ parentKey: (await spec.scope.require(ctx, req.params)).key }));
  const listInSubscription = (req: ArmRequest) =>
    rememberedPage(req, async () => {
      assertSubscriptionId(req.params["subscriptionId"]!);
      return { subscriptionId: req.params["subscriptionId"]!.toLowerCase() };
    });

  const routes: Route[] = [
    { method: "PUT", path: itemPath, apiVersions: versions, write: true, body: "required", handler: put },
    { method: "GET", path: itemPath, apiVersions: versions, write: false, body: "none", handler: get },
  ];
  if (spec.patchTags) routes.push({ method: "PATCH", path: itemPath, apiVersions: versions, write: true, body: "required", handler: patch });
  routes.push(
    { method: "DELETE", path: itemPath, apiVersions: versions, write: true, body: "none", handler: del },
    { method: "GET", path: `${spec.scope.path}/${segment}`, apiVersions: versions, write: false, body: "none", handler: listInScope },
  );
  if (spec.listBySubscription) {
    routes.push({
      method: "GET",
      path: `/subscriptions/:subscriptionId/providers/${spec.namespace}/${spec.type}`,
      apiVersions: versions,
      write: false,
      body: "none",
      handler: listInSubscription,
    });
  }
  return routes;
}

/** A long-running PUT ends Succeeded; a DELETE removes the resource's tree and what its teardown names. */
function resourceCompleters(ctx: ProviderContext, spec: ResourceSpec, style: OperationStyle): Record<string, Completer> {
  return {
    [`${style.kindPrefix}.put`]: async (op) => {
      const stored = await ctx.store.get(op.resourceKey);
      if (!stored) return [];
      const body = asKit(stored);
      const resource = structuredClone(body.resource);
      setProvisioningState(resource, "Succeeded");
      return [{ op: "put", resource: { ...stored, body: { ...body, resource } as unknown as Obj }, expect: { etag: stored.etag } }];
    },
    [`${style.kindPrefix}.delete`]: async (op) => {
      const stored = await ctx.store.get(op.resourceKey);
      return [...(stored ? ((await spec.teardown?.(stored)) ?? []) : []), { op: "deleteTree", key: op.resourceKey }];
    },
  };
}

function setProvisioningState(resource: Obj, state: string): void {
  const props = (resource["properties"] ?? {}) as Obj;
  props["provisioningState"] = state;
  resource["properties"] = props;
}

/** The operation's region: the resource's own location, else its scope's. */
function locationOf(resource: Obj, scope: ScopeRef): string {
  const own = resource["location"];
  if (typeof own === "string") return own;
  const inScope = (scope.stored.body["resource"] as Obj | undefined)?.["location"] ?? scope.stored.body["location"];
  return typeof inScope === "string" ? inScope : "global";
}

/** Commits, turning a lost compare-and-set (a concurrent write to the resource or its parent) into ARM's 409 Conflict. */
async function commitOrConflict(ctx: ProviderContext, writes: Write[], id: string): Promise<void> {
  try {
    await ctx.store.commit(writes);
  } catch (e) {
    if (e instanceof PreconditionError) {
      throw new ArmError(409, "Conflict", `The resource '${id}' or its parent was changed by another request at the same time. Read it again and retry.`);
    }
    throw e;
  }
}

/** A tracked resource's scope: its resource group, which `requireGroup` reads (or answers its 404). */
export function resourceGroupScope(
  namespace: string,
  requireGroup: (ctx: ProviderContext, subscriptionId: string, name: string) => Promise<StoredResource>,
): ScopeSpec {
  return {
    path: `/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/${namespace}`,
    isParent: false,
    async require(ctx, params) {
      const group = await requireGroup(ctx, params["subscriptionId"]!, params["resourceGroupName"]!);
      const idPrefix = `/subscriptions/${params["subscriptionId"]!}/resourceGroups/${String(group.body["name"] ?? params["resourceGroupName"])}/providers/${namespace}`;
      return { key: group.key, keyPrefix: idPrefix.toLowerCase(), idPrefix, subscriptionId: group.subscriptionId, stored: group };
    },
  };
}
