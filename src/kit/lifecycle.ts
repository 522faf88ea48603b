import { checkPreconditions, readPreconditions } from "../arm/conditional.js";
import { ArmError } from "../arm/errors.js";
import type { Completer } from "../arm/lro.js";
import type { ArmRequest, ArmResponse, Route } from "../arm/router.js";
import { AnswerCache } from "../providers/answer-cache.js";
import { setBounded } from "../util/bounded-map.js";
import type { ProviderContext } from "../providers/context.js";
import { rememberedPageResponse, renderedPageResponse } from "../providers/paging.js";
import { assertSubscriptionId } from "../providers/resources/subscriptions.js";
import { optionalStringMap, requireObject } from "../providers/validation.js";
import { type OperationRecord, PreconditionError, type StoredResource, type Write } from "../store/store.js";
import { type ActionOwner, type ActionSpec, actionCompleters, actionRoutes } from "./actions.js";
import type { ResourceTypeDeclaration } from "./declaration.js";

type Obj = Record<string, unknown>;

/** Parents whose children lists are kept (the scale bench reads 10,000 clusters). */
const CHILDREN_LISTS = 12_000;

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
  /** The answer at an api-version (default: the stored resource); `answer` names which one, for types whose answers differ. */
  render?(resource: Obj, apiVersion: string, answer: AnswerView): Obj;
  /** The 404 of a resource that does not exist (`params`: the request's path parameters, as sent). */
  notFound(name: string, scope: ScopeRef, params: Record<string, string>): ArmError;
  /** The error refusing a write while one of these operations (the resource's or its parent's) is in flight; undefined: allowed. */
  busy?(active: OperationRecord[]): ArmError | undefined;
  /** Answers PATCH with `{tags}`, applied at once. */
  patchTags?: boolean;
  /** With patchTags: the resource after a PATCH, from a copy of the stored one (default: `tags` replaced when sent). */
  applyPatch?(resource: Obj, input: Obj, at: { key: string; generation: number }, ctx: ProviderContext): Obj;
  /** The ETag when the body carries it (set by `build` and `applyPatch`): If-Match compares it and the store's follows it (default: a new one per write). */
  etagOf?(resource: Obj): string;
  /** Sets the provisioningState a resource shows (default: `properties.provisioningState`). */
  showState?(resource: Obj, state: string): void;
  /** What finishing a long-running PUT makes of the resource (default: provisioningState Succeeded). */
  provisioned?(resource: Obj, at: { key: string; subscriptionId: string }, ctx: ProviderContext): Obj;
  /** The 409 of a write that lost its compare-and-set to a concurrent one (default: Conflict naming the resource; `name`: as the path gives it). */
  conflict?(id: string, name: string): ArmError;
  /** Long-running PUT and DELETE in this style; synchronous without. */
  operations?: OperationStyle;
  /** What deleting the resource removes besides its own tree. */
  teardown?(stored: StoredResource, ctx: ProviderContext): Write[] | Promise<Write[]>;
  /** Status of the PUT's answer (default 201 for a new resource, 200 for an update). */
  putStatus?(created: boolean, apiVersion: string): number;
  /** Status of a DELETE answered at once of an existing resource (default 200) and of a missing one (default 204). */
  deleteStatus?: { existing: number; missing: number };
  /** The answer to a DELETE of a resource that does not exist (default: `deleteStatus.missing`, no body). */
  deleteMissing?(name: string): ArmResponse;
  /** Also answers HEAD: 204 when the resource exists, 404 without a body when not. */
  head?: boolean;
  /** false: If-Match / If-None-Match are not checked (a type that shows no ETag). */
  preconditions?: boolean;
  /** The type's segment in route paths when the routes spell it otherwise than ids do (default: the type's last segment). */
  pathSegment?: string;
  /** Whose api-version errors the routes answer: ARM's own endpoints' (`arm`) or a provider's (default). */
  apiVersionKind?: "arm" | "provider";
  /** The stored body when it is not the kit's `{resource, meta}` (a form other modules read); it keeps no generation, so its ETags derive from the time of the write. */
  storedForm?: { write(resource: Obj, meta: KitBody["meta"]): Obj; read(body: Obj): KitBody };
  /** The error refusing a PUT or PATCH of the resource as stored (e.g. while it is being deleted), after the preconditions; undefined: allowed. */
  refuseWrite?(resource: Obj): ArmError | undefined;
  /** GET answers send the ETag header (etagOf's, else the store's; a function: in the form it gives, e.g. `W/"…"`). */
  etagHeader?: boolean | ((etag: string) => string);
  /** Instead of `render`, for answers that read other stored resources (e.g. a network's subnets and what is placed in them), at each answer. */
  present?(stored: StoredResource, apiVersion: string, ctx: ProviderContext): Promise<Obj>;
  /** The error refusing the DELETE of an existing resource (e.g. one still in use), after its preconditions; undefined: allowed. */
  refuseDelete?(stored: StoredResource, ctx: ProviderContext): Promise<ArmError | undefined>;
  /**
   * What an answer shows of the resource's children of one type (e.g. their count), read at each
   * answer; `metas`: what each child's `build` kept beside it. `show` returns new objects and
   * changes none of its arguments: the children are kept between answers.
   */
  children?: { type: string; show(resource: Obj, children: Obj[], metas: Obj[]): Obj };
  /** Other writes of finishing a long-running PUT (e.g. the children a cluster update made show Succeeded), after the resource's own. */
  completes?(stored: StoredResource, ctx: ProviderContext): Promise<Write[]>;
  /** More operations in flight that refuse a write of the resource (`busy` gets them too), e.g. those of its children. */
  busyAlso?(key: string, ctx: ProviderContext): Promise<OperationRecord[]>;
  /** The type's actions (src/kit/actions.ts): POSTs and GETs below the resource, synchronous or long-running in `operations`' style. */
  actions?: readonly ActionSpec[];
  /**
   * A PUT or DELETE whose commit lost its compare-and-set runs again from the start (up to 4 times,
   * then `conflict`): on a record it only read (`dependencies`, e.g. a target cluster or subnet; its
   * own record's is the conflict at once) or on any (`all`). Default: the conflict at once.
   */
  retryConflicts?: "dependencies" | "all";
  /** Whether a stored resource still counts as existing (e.g. not while its owner is gone): one that does not is answered as missing and left out of lists. */
  exists?(stored: StoredResource, ctx: ProviderContext): Promise<boolean>;
  /** A PUT only changes a resource that exists (other requests make them): a missing one is `notFound`, after the scope's 404. */
  updateOnly?: boolean;
  /** Lists answer every item in one page, without a nextLink (a list the clients do not page). */
  onePage?: boolean;
  /** Lists take `$top`: at most that many items a page, the nextLink carrying it on (private DNS record sets). */
  pageTop?: boolean;
  /** Whether finishing a long-running DELETE still removes the resource as stored now (default: yes), e.g. not one made again under its name meanwhile. */
  deleteFinishes?(stored: StoredResource): boolean;
}

/** Which answer a body goes into. */
type AnswerView = "create" | "update" | "get" | "list" | "patch";

/** What a PUT's rules get: the name, the body, the stored resource on update, the scope and the request's facts. */
interface BuildInput {
  name: string;
  body: Obj;
  previous?: Obj;
  /** What `build` kept beside the previous resource (Built.meta), with the kit's `generation`. */
  previousMeta?: Obj;
  scope: ScopeRef;
  /** The resource id the kit gives it (the stored one on update). */
  id: string;
  /** The resource's store key. */
  key: string;
  /** The request's path parameters, as sent. */
  params: Record<string, string>;
  apiVersion: string;
  now: number;
  /** The PUT is answered at once (not long-running): what it writes is final. */
  final: boolean;
}

interface Built {
  /** The resource as stored and answered at the newest version (`id`, `name`, `type`: the kit's where it leaves them out). */
  resource: Obj;
  /** Other writes of the same commit. */
  writes?: Write[];
  /** Bookkeeping stored beside the resource and never answered (the kit adds `generation`). */
  meta?: Obj;
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
  /** The scope the params name, or the 404 ARM answers for it (`verb`: what the request does, as ARM's parent 404 names it). */
  require(ctx: ProviderContext, params: Record<string, string>, verb: "read" | "write" | "delete"): Promise<ScopeRef>;
  /** For a DELETE: true when the scope is gone (after its own 404s), and the DELETE answers as for a missing resource. */
  goneOnDelete?(ctx: ProviderContext, params: Record<string, string>): Promise<boolean>;
  /** A child's parent: its operations in flight count for `busy`, and it must be unchanged when a child is written. */
  isParent: boolean;
  /** The resources placed here are tracked (they carry a location): ARM's generic resource list shows them. */
  tracked?: boolean;
  /** The key prefix the path alone gives (may throw the path's 400): with it, PUT and DELETE check preconditions and name, GET and PATCH the resource, before the scope's 404. */
  keyPrefixFromPath?(params: Record<string, string>): string;
}

/** How a type's long-running operations are recorded and answered (each service has its own URLs and headers). */
export interface OperationStyle {
  /** Operation kinds prefix: `<prefix>.put` and `<prefix>.delete`. */
  readonly kindPrefix: string;
  /** A PUT's kind tells a create from an update: `<prefix>.create` or `<prefix>.update` instead of `<prefix>.put`. */
  readonly separateCreate?: boolean;
  /** `--lro-duration 0` still records the operation, Succeeded at once. */
  readonly recordImmediate?: boolean;
  record(
    ctx: ProviderContext,
    input: {
      kind: string;
      key: string;
      scope: ScopeRef;
      location: string;
      apiVersion: string;
      generation: number;
      now: number;
      /** The request's path parameters, as sent. */
      params: Record<string, string>;
      /** An action's: the how-manieth run of it on the resource (each run's operation id must differ). */
      sequence?: number;
    },
  ): OperationRecord;
  /** Headers of an accepted PUT (`put`) or DELETE (`delete`). */
  headers(origin: string, op: OperationRecord, verb: "put" | "delete"): Record<string, string>;
  /** The provisioningState shown while a PUT is in flight. */
  inFlightState(created: boolean): string;
  /** A DELETE ends the operations in flight on the resource with these writes instead of being refused (`busy`). */
  preempt?(active: OperationRecord[], deletion: OperationRecord): Write[];
  /** The verbs that are long-running (default both; the others are answered at once). */
  readonly verbs?: readonly ("put" | "delete")[];
  /** Long-running even at `--lro-duration 0` (the service always answers 202 and a URL). */
  readonly evenWhenInstant?: boolean;
  /** The answer of a PUT accepted in flight when the service answers this rather than the resource (e.g. 202 `{}`). */
  readonly acceptedPut?: { status: number; body: unknown };
  /** Status of an accepted long-running DELETE, and of one repeated while it runs (default 202). */
  readonly acceptedDelete?: number;
}

/** Stored form of kit-built resources: the answer body and a generation counter (with what `build` keeps beside it). */
interface KitBody {
  resource: Obj;
  meta: Obj & { generation: number };
}

const asKit = (stored: StoredResource, spec: ResourceSpec): KitBody =>
  spec.storedForm ? spec.storedForm.read(stored.body) : (stored.body as unknown as KitBody);

/** The body to store for a resource of the spec's type. */
const storedBody = (spec: ResourceSpec, resource: Obj, meta: KitBody["meta"]): Obj =>
  spec.storedForm ? spec.storedForm.write(resource, meta) : ({ resource, meta } satisfies KitBody as unknown as Obj);

/** The answer shapes (src/arm/response-shapes/shape-answer.ts), loaded by the first request a kit type answers: not at start. */
let shapes: typeof import("../arm/response-shapes/shape-answer.js") | undefined;
async function shapesReady(): Promise<void> {
  shapes ??= await import("../arm/response-shapes/shape-answer.js");
}

/** The declaration of a kit-built type: its routes and, when long-running, its completers. */
export function kitResource(
  spec: ResourceSpec,
  declaration: Pick<ResourceTypeDeclaration, "apiVersions" | "registration" | "sample" | "groupCascade" | "routes" | "completers">,
): ResourceTypeDeclaration {
  if (spec.exists && !spec.onePage) throw new Error(`${spec.namespace}/${spec.type}: exists() filters lists answered in one page (onePage)`);
  const storedType = `${spec.namespace}/${spec.type}`.toLowerCase();
  return {
    ...declaration,
    namespace: spec.namespace,
    type: spec.type,
    ...(spec.scope.tracked
      ? {
          listing: {
            storedType,
            resource: (stored: StoredResource) => asKit(stored, spec).resource,
            ...(spec.exists ? { exists: spec.exists } : {}),
          },
        }
      : {}),
    // Routes the declaration brings (e.g. the type's operation URLs) follow the lifecycle's.
    routes: (ctx) => [...resourceRoutes(ctx, spec), ...(declaration.routes?.(ctx) ?? [])],
    // The declaration's own completers (e.g. its actions') beside the lifecycle's.
    ...(spec.operations
      ? {
          completers: (ctx: ProviderContext) => ({
            ...declaration.completers?.(ctx),
            ...resourceCompleters(ctx, spec, spec.operations!),
            ...actionCompleters(ctx, { row: (stored) => ownerRow(ctx, spec, stored) }, spec.operations!.kindPrefix, spec.actions ?? []),
          }),
        }
      : {}),
  };
}

/** A resource as its actions read and write it: in the type's stored form, the generation one higher and the ETag following on a write. */
function ownerRow(ctx: ProviderContext, spec: ResourceSpec, stored: StoredResource): ReturnType<ActionOwner["row"]> {
  const body = asKit(stored, spec);
  return {
    stored,
    resource: body.resource,
    meta: body.meta,
    write(next, nextMeta) {
      const generation = body.meta.generation + 1;
      const resource = next(structuredClone(body.resource), generation);
      const meta = { ...(nextMeta ? nextMeta(structuredClone(body.meta)) : body.meta), generation };
      const etag = spec.etagOf ? spec.etagOf(resource) : ctx.ids.guid("resource-etag", stored.key, spec.storedForm ? `at ${ctx.clock.now()}` : generation);
      return { op: "put", resource: { ...stored, etag, body: storedBody(spec, resource, meta) }, expect: { etag: stored.etag } };
    },
  };
}

function resourceRoutes(ctx: ProviderContext, spec: ResourceSpec): Route[] {
  const segment = spec.type.split("/").pop()!;
  const fullType = `${spec.namespace}/${spec.type}`;
  const storedType = fullType.toLowerCase();
  const listPath = `${spec.scope.path}/${spec.pathSegment ?? segment}`;
  const itemPath = `${listPath}/:${spec.nameParam}`;
  const versions = { namespace: spec.namespace, resourceType: spec.type, kind: spec.apiVersionKind ?? "provider" };
  // Every answer carries what its api-version's definition names (src/arm/response-shapes/): each
  // handler loads the shapes' module (`await shapesReady()`) before it renders.
  const shaped = (body: Obj, apiVersion: string): Obj => {
    const prune = shapes!.answerPruner(spec.namespace, "GET", itemPath, apiVersion);
    return prune ? (prune(body) as Obj) : body;
  };
  const storable = (body: Obj): Obj => {
    const prune = shapes!.storedPruner(spec.namespace, itemPath);
    return prune ? (prune(body) as Obj) : body;
  };
  const render = (resource: Obj, apiVersion: string, answer: AnswerView): Obj =>
    shaped(spec.render ? spec.render(resource, apiVersion, answer) : resource, apiVersion);
  /** Whether `verb` runs long-running: the style makes it so, and the duration is not 0 unless the style says it always is. */
  const longRunning = (style: OperationStyle, verb: "put" | "delete"): boolean =>
    (style.verbs ?? ["put", "delete"]).includes(verb) && (style.evenWhenInstant === true || ctx.config.lroDurationMs !== 0);
  const readConditions = (req: ArmRequest) => (spec.preconditions === false ? {} : readPreconditions(req.headers));
  const show = (resource: Obj, state: string): void => (spec.showState ? spec.showState(resource, state) : setProvisioningState(resource, state));
  const currentEtag = (stored: StoredResource | undefined): string | undefined =>
    stored && spec.etagOf ? spec.etagOf(asKit(stored, spec).resource) : stored?.etag;
  const conflict = (id: string, name: string): ArmError => (spec.conflict ? spec.conflict(id, name) : conflictError(id));
  /** Commits; a lost compare-and-set is the conflict, or with retryConflicts a race the handler runs again after. */
  const commit = (writes: Write[], key: string, id: string, name: string): Promise<void> =>
    commitOrConflict(ctx, writes, conflict(id, name), spec.retryConflicts && { mode: spec.retryConflicts, key });
  /** With retryConflicts: the handler run again (4 times at most) while it loses a race it may retry. */
  const rerunning =
    (handler: (req: ArmRequest) => Promise<ArmResponse>) =>
    async (req: ArmRequest): Promise<ArmResponse> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await handler(req);
        } catch (e) {
          if (!(e instanceof LostRace)) throw e;
          if (attempt >= 4) throw e.conflict;
        }
      }
    };
  /** The stored resource, unless the type's `exists` says it no longer counts. */
  const counted = async (stored: StoredResource | undefined): Promise<StoredResource | undefined> =>
    stored && (!spec.exists || (await spec.exists(stored, ctx))) ? stored : undefined;
  const finished = (resource: Obj, at: { key: string; subscriptionId: string }): Obj => provisionedResource(ctx, spec, resource, at);

  // Answers serialised once per stored text and api-version (AnswerCache): an unchanged resource
  // read again is neither parsed nor rendered again.
  const caches = new Map<string, AnswerCache>();
  const answers = (apiVersion: string, answer: "get" | "list"): AnswerCache => {
    const slot = `${apiVersion}\n${answer}`;
    let cache = caches.get(slot);
    if (!cache) {
      cache = new AnswerCache((r) => render(asKit(r, spec).resource, apiVersion, answer));
      caches.set(slot, cache);
    }
    return cache;
  };

  /** The resource the path names; its scope is read at once, or when asked for if the path alone gives its key. */
  const locate = async (req: ArmRequest, verb: "read" | "write" | "delete") => {
    const name = req.params[spec.nameParam]!;
    const prefix = spec.scope.keyPrefixFromPath?.(req.params);
    if (prefix === undefined) {
      const scope = await spec.scope.require(ctx, req.params, verb);
      const key = `${scope.keyPrefix}/${segment}/${name}`.toLowerCase();
      return { name, key, stored: await counted(await ctx.store.get(key)), readScope: async () => scope };
    }
    const key = `${prefix}/${segment}/${name}`.toLowerCase();
    return { name, key, stored: await counted(await ctx.store.get(key)), readScope: () => spec.scope.require(ctx, req.params, verb) };
  };

  // The children of each parent as last listed, kept while none of them changes (the store's
  // childrenVersion): a parent read again is not listed with its children again, and a parent
  // written is not listed again when others are.
  const childrenOf = new Map<string, { version: number; children: Obj[]; metas: Obj[] }>();

  /** With spec.children: the resource as its answers show it, children read now (so not cached by its stored text). */
  const withChildren = async (resource: Obj, key: string): Promise<Obj> => {
    if (!spec.children) return resource;
    const type = spec.children.type.toLowerCase();
    const version = ctx.store.childrenVersion(key, type);
    const hit = version === undefined ? undefined : childrenOf.get(key);
    if (hit && hit.version === version) return spec.children.show(resource, hit.children, hit.metas);
    const children: Obj[] = [];
    const metas: Obj[] = [];
    for (let after: string | undefined; ; ) {
      const page = await ctx.store.list({ type, parentKey: key, limit: 500, after });
      for (const c of page.items) {
        const kit = asKit(c, spec);
        children.push(kit.resource);
        metas.push(kit.meta);
      }
      if (!page.next) break;
      after = page.next;
    }
    if (version !== undefined && ctx.store.childrenVersion(key, type) === version) setBounded(childrenOf, key, { version, children, metas }, CHILDREN_LISTS);
    return spec.children.show(resource, children, metas);
  };

  /**
   * A created resource's children are exactly those its own commit wrote: kept as its children
   * without listing them back, when that commit was the last to write any (`before`: the store's
   * changeCount read before it; a commit counts one more).
   */
  const keepCreatedChildren = (key: string, writes: Write[], before: number | undefined): void => {
    if (!spec.children || before === undefined) return;
    const type = spec.children.type.toLowerCase();
    if (ctx.store.childrenVersion(key, type) !== before + 1) return;
    const rows = writes
      .flatMap((w) => (w.op === "put" && w.resource.type === type && w.resource.parentKey === key ? [w.resource] : []))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const kits = rows.map((r) => asKit(r, spec));
    setBounded(childrenOf, key, { version: before + 1, children: kits.map((k) => k.resource), metas: kits.map((k) => k.meta) }, CHILDREN_LISTS);
  };

  /** A stored row's answer read at each answer: spec.present's, else its resource rendered with its children. */
  const presented = async (row: StoredResource, apiVersion: string, answer: AnswerView): Promise<Obj> =>
    spec.present
      ? shaped(await spec.present(row, apiVersion, ctx), apiVersion)
      : render(await withChildren(asKit(row, spec).resource, row.key), apiVersion, answer);

  const refuseWrite = (stored: StoredResource | undefined): void => {
    const error = stored && spec.refuseWrite?.(asKit(stored, spec).resource);
    if (error) throw error;
  };

  /** 409 while the resource, or the parent it hangs under, has an operation in flight. */
  const refuseWhileBusy = async (scope: ScopeRef, key: string): Promise<void> => {
    if (!spec.busy) return;
    const active = [
      ...(await ctx.store.activeOperations(key)),
      ...(spec.scope.isParent ? await ctx.store.activeOperations(scope.key) : []),
      ...((await spec.busyAlso?.(key, ctx)) ?? []),
    ];
    const error = active.length > 0 ? spec.busy(active) : undefined;
    if (error) throw error;
  };

  /** The write keeping a child's parent as it was read: a delete of it in between must not leave an orphan. */
  const parentUnchanged = (scope: ScopeRef): Write[] =>
    spec.scope.isParent ? [{ op: "put", resource: scope.stored, expect: { etag: scope.stored.etag } }] : [];

  const record = (scope: ScopeRef, key: string, id: string, resource: Obj, meta: KitBody["meta"]): StoredResource => ({
    key,
    id,
    parentKey: scope.key,
    subscriptionId: scope.subscriptionId.toLowerCase(),
    type: storedType,
    // Derived from the seed, the key and the generation: the same run gives the same ETags (--seed).
    etag: spec.etagOf ? spec.etagOf(resource) : ctx.ids.guid("resource-etag", key, spec.storedForm ? `at ${ctx.clock.now()}` : meta.generation),
    body: storedBody(spec, resource, meta),
  });

  const putKind = (created: boolean, style: OperationStyle): string => `${style.kindPrefix}.${style.separateCreate ? (created ? "create" : "update") : "put"}`;

  const put = async (req: ArmRequest): Promise<ArmResponse> => {
    await shapesReady();
    const { name, key, stored, readScope } = await locate(req, "write");
    checkPreconditions(readConditions(req), currentEtag(stored), `'${name}'`);
    refuseWrite(stored);
    spec.checkName?.(name);
    const scope = await readScope();
    if (!stored && spec.updateOnly) throw spec.notFound(name, scope, req.params);
    // What no version of the definitions names is not stored.
    const sent = storable(requireObject(req.body, ""));
    await refuseWhileBusy(scope, key);
    const previous = stored ? asKit(stored, spec) : undefined;
    const body = await keptFromNewerVersions(spec.namespace, req, sent, previous?.resource);
    const id = stored?.id ?? `${scope.idPrefix}/${segment}/${name}`;
    const now = ctx.clock.now();
    const style = spec.operations;
    const final = !style || !longRunning(style, "put");
    const built = await spec.build(
      { name, body, previous: previous?.resource, previousMeta: previous?.meta, scope, id, key, params: req.params, apiVersion: req.apiVersion, now, final },
      ctx,
    );
    // The type's own order of properties; what it leaves out of id, name and type, the kit fills in.
    let resource: Obj = { ...built.resource };
    resource["id"] ??= id;
    resource["name"] ??= previous ? previous.resource["name"] : name;
    resource["type"] ??= fullType;
    const generation = (previous?.meta.generation ?? 0) + 1;
    const meta = { ...built.meta, generation };
    const created = !stored;
    const status = spec.putStatus ? spec.putStatus(created, req.apiVersion) : created ? 201 : 200;
    const answer = created ? "create" : "update";
    const writes: Write[] = [...(built.writes ?? []), ...parentUnchanged(scope)];
    const expect = stored ? { etag: stored.etag } : ({ absent: true } as const);
    const operation = (s: OperationStyle): OperationRecord =>
      s.record(ctx, {
        kind: putKind(created, s),
        key,
        scope,
        location: locationOf(resource, scope),
        apiVersion: req.apiVersion,
        generation,
        now,
        params: req.params,
      });
    if (final) {
      if (style) resource = finished(resource, { key, subscriptionId: scope.subscriptionId });
      const done: Write[] = style?.recordImmediate ? [{ op: "putOperation", operation: { ...operation(style), status: "Succeeded", endTime: now } }] : [];
      const row = record(scope, key, id, resource, meta);
      const before = ctx.store.changeCount();
      await commit([{ op: "put", resource: row, expect }, ...writes, ...done], key, id, name);
      if (created) keepCreatedChildren(key, writes, before);
      return { status, body: await presented(row, req.apiVersion, answer) };
    }
    show(resource, style.inFlightState(created));
    const op = operation(style);
    const row = record(scope, key, id, resource, meta);
    const before = ctx.store.changeCount();
    await commit([{ op: "put", resource: row, expect }, ...writes, { op: "putOperation", operation: op }], key, id, name);
    if (created) keepCreatedChildren(key, writes, before);
    const accepted = style.acceptedPut ?? { status, body: await presented(row, req.apiVersion, answer) };
    return { ...accepted, headers: style.headers(req.origin, op, "put") };
  };

  // Answers follow the api-version: the memo's slot names it beside the path. With etagHeader the
  // remembered bytes are `<ETag>\n<body>`.
  const get = async (req: ArmRequest): Promise<ArmResponse> => {
    await shapesReady();
    const slot = `${req.path}\n${req.apiVersion}`;
    const bytes =
      ctx.answers.get(slot) ??
      (await ctx.answers.remember(slot, async () => {
        const { name, stored, readScope } = await locate(req, "read");
        if (!stored) throw spec.notFound(name, await readScope(), req.params);
        const body =
          spec.children || spec.present
            ? Buffer.from(JSON.stringify(await presented(stored, req.apiVersion, "get")))
            : answers(req.apiVersion, "get").bytes(stored);
        const etag = typeof spec.etagHeader === "function" ? spec.etagHeader(currentEtag(stored)!) : currentEtag(stored);
        return spec.etagHeader ? Buffer.concat([Buffer.from(`${etag}\n`), body]) : body;
      }));
    if (!spec.etagHeader) return { status: 200, body: bytes };
    const split = bytes.indexOf(10);
    return { status: 200, body: bytes.subarray(split + 1), headers: { etag: bytes.subarray(0, split).toString("utf8") } };
  };

  const head = async (req: ArmRequest): Promise<ArmResponse> => ({ status: (await locate(req, "read")).stored ? 204 : 404 });

  const patch = async (req: ArmRequest): Promise<ArmResponse> => {
    await shapesReady();
    const { name, key, stored, readScope } = await locate(req, "write");
    if (!stored) throw spec.notFound(name, await readScope(), req.params);
    const scope = await readScope();
    checkPreconditions(readConditions(req), currentEtag(stored), `'${name}'`);
    refuseWrite(stored);
    const input = requireObject(req.body, "");
    await refuseWhileBusy(scope, key);
    const current = asKit(stored, spec);
    const generation = current.meta.generation + 1;
    let resource = structuredClone(current.resource);
    if (spec.applyPatch) resource = spec.applyPatch(resource, input, { key, generation }, ctx);
    else if ("tags" in input) resource["tags"] = optionalStringMap(input["tags"], "tags") ?? {};
    const next = record(scope, key, stored.id, resource, { ...current.meta, generation });
    await commit([{ op: "put", resource: next, expect: { etag: stored.etag } }], key, stored.id, name);
    return { status: 200, body: await presented(next, req.apiVersion, "patch") };
  };

  const del = async (req: ArmRequest): Promise<ArmResponse> => {
    const pre = readConditions(req);
    const status = spec.deleteStatus ?? { existing: 200, missing: 204 };
    if (await spec.scope.goneOnDelete?.(ctx, req.params)) {
      if (pre.ifMatch !== undefined) checkPreconditions(pre, undefined, `'${req.params[spec.nameParam]!}'`);
      return { status: status.missing };
    }
    const { name, key, stored, readScope } = await locate(req, "delete");
    if (!stored) {
      if (pre.ifMatch !== undefined) checkPreconditions(pre, undefined, `'${name}'`);
      await readScope();
      return spec.deleteMissing ? spec.deleteMissing(name) : { status: status.missing };
    }
    checkPreconditions(pre, currentEtag(stored), `'${name}'`);
    const scope = await readScope();
    const refused = await spec.refuseDelete?.(stored, ctx);
    if (refused) throw refused;
    const style = spec.operations;
    const active = style ? await ctx.store.activeOperations(key) : [];
    if (style) {
      const running = active.find((o) => o.kind === `${style.kindPrefix}.delete`);
      if (running) return { status: style.acceptedDelete ?? 202, headers: style.headers(req.origin, running, "delete") };
    }
    if (!style?.preempt) await refuseWhileBusy(scope, key);
    const teardown = (await spec.teardown?.(stored, ctx)) ?? [];
    const current = asKit(stored, spec);
    const generation = current.meta.generation + 1;
    const now = ctx.clock.now();
    const operation = (s: OperationStyle): OperationRecord =>
      s.record(ctx, {
        kind: `${s.kindPrefix}.delete`,
        key,
        scope,
        location: locationOf(current.resource, scope),
        apiVersion: req.apiVersion,
        generation,
        now,
        params: req.params,
      });
    if (!style || !longRunning(style, "delete")) {
      const done = style ? { ...operation(style), status: "Succeeded" as const, endTime: now } : undefined;
      await commit(
        // The resource as it was read, then its children and what its teardown names.
        [
          { op: "delete", key, expect: { etag: stored.etag } },
          ...(style?.preempt && done ? style.preempt(active, done) : []),
          ...teardown,
          { op: "deleteTree", key },
          ...(style?.recordImmediate && done ? [{ op: "putOperation" as const, operation: done }] : []),
        ],
        key,
        stored.id,
        name,
      );
      return { status: status.existing };
    }
    const resource = structuredClone(current.resource);
    show(resource, "Deleting");
    const op = operation(style);
    await commit(
      [
        { op: "put", resource: record(scope, key, stored.id, resource, { ...current.meta, generation }), expect: { etag: stored.etag } },
        ...(style.preempt?.(active, op) ?? []),
        { op: "putOperation", operation: op },
      ],
      key,
      stored.id,
      name,
    );
    return { status: style.acceptedDelete ?? 202, headers: style.headers(req.origin, op, "delete") };
  };

  // A page is remembered whole until the store changes; where it lists is read only when it is not.
  const page = async (req: ArmRequest, where: () => Promise<{ parentKey?: string; subscriptionId?: string }>): Promise<ArmResponse> => {
    await shapesReady();
    if (spec.onePage) return wholeList(req, where);
    return spec.children || spec.present
      ? renderedPageResponse(ctx, req, storedType, where, (r) => presented(r, req.apiVersion, "list"), { top: spec.pageTop })
      : rememberedPageResponse(ctx, req, storedType, where, answers(req.apiVersion, "list"), { top: spec.pageTop });
  };
  /** With onePage: every item that counts (`exists`), in one answer without a nextLink, remembered until the store changes. */
  const wholeList = async (req: ArmRequest, where: () => Promise<{ parentKey?: string; subscriptionId?: string }>): Promise<ArmResponse> => {
    const body = await ctx.answers.answer(`whole\n${storedType}\n${req.path}\n${req.apiVersion}`, async () => {
      const scope = await where();
      const items: StoredResource[] = [];
      for (let after: string | undefined; ; ) {
        const found = await ctx.store.list({ ...scope, type: storedType, limit: 500, after });
        for (const r of found.items) if (await counted(r)) items.push(r);
        if (!found.next) break;
        after = found.next;
      }
      if (spec.children || spec.present)
        return Buffer.from(JSON.stringify({ value: await Promise.all(items.map((r) => presented(r, req.apiVersion, "list"))) }));
      return answers(req.apiVersion, "list").list(`${storedType}\n${scope.parentKey ?? ""}\n${scope.subscriptionId ?? ""}`, items);
    });
    return { status: 200, body };
  };
  const listInScope = (req: ArmRequest) => page(req, async () => ({ parentKey: (await spec.scope.require(ctx, req.params, "read")).key }));
  const listInSubscription = (req: ArmRequest) =>
    page(req, async () => {
      assertSubscriptionId(req.params["subscriptionId"]!);
      return { subscriptionId: req.params["subscriptionId"]!.toLowerCase() };
    });

  const routes: Route[] = [
    { method: "PUT", path: itemPath, apiVersions: versions, write: true, body: "required", handler: spec.retryConflicts ? rerunning(put) : put },
    { method: "GET", path: itemPath, apiVersions: versions, write: false, body: "none", handler: get },
  ];
  if (spec.head) routes.push({ method: "HEAD", path: itemPath, apiVersions: versions, write: false, body: "none", handler: head });
  if (spec.patchTags) {
    routes.push({
      method: "PATCH",
      path: itemPath,
      apiVersions: versions,
      write: true,
      body: "required",
      handler: spec.retryConflicts ? rerunning(patch) : patch,
    });
  }
  routes.push(
    { method: "DELETE", path: itemPath, apiVersions: versions, write: true, body: "none", handler: spec.retryConflicts ? rerunning(del) : del },
    { method: "GET", path: listPath, apiVersions: versions, write: false, body: "none", handler: listInScope },
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
  if (spec.actions) routes.push(...actionRoutes(ctx, actionOwner(ctx, spec, itemPath, locate, refuseWhileBusy), spec.actions));
  return routes;
}

/** What the lifecycle gives a type's actions: its lookup with its 404s, its `busy`, its stored form and its operation style. */
function actionOwner(
  ctx: ProviderContext,
  spec: ResourceSpec,
  itemPath: string,
  locate: (
    req: ArmRequest,
    verb: "read" | "write" | "delete",
  ) => Promise<{ name: string; key: string; stored: StoredResource | undefined; readScope(): Promise<ScopeRef> }>,
  refuseWhileBusy: (scope: ScopeRef, key: string) => Promise<void>,
): ActionOwner {
  const style = spec.operations;
  return {
    namespace: spec.namespace,
    type: spec.type,
    itemPath,
    apiVersionKind: spec.apiVersionKind ?? "provider",
    async locate(req) {
      const { name, key, stored, readScope } = await locate(req, req.method === "GET" ? "read" : "write");
      const scope = await readScope();
      if (!stored) throw spec.notFound(name, scope, req.params);
      const body = asKit(stored, spec);
      return {
        name,
        key,
        stored,
        refuseWhileBusy: () => refuseWhileBusy(scope, key),
        conflict: () => (spec.conflict ? spec.conflict(stored.id, name) : conflictError(stored.id)),
        record(kind, opKey, now, sequence) {
          if (!style) throw new Error(`${spec.type} has no operation style`);
          return style.record(ctx, {
            kind,
            key: opKey,
            scope,
            location: locationOf(body.resource, scope),
            apiVersion: req.apiVersion,
            generation: body.meta.generation,
            now,
            params: req.params,
            sequence,
          });
        },
      };
    },
    row: (stored) => ownerRow(ctx, spec, stored),
    ...(style
      ? {
          style: {
            kindPrefix: style.kindPrefix,
            headers: (origin, op) => style.headers(origin, op, "delete"),
            evenWhenInstant: style.evenWhenInstant === true,
          },
        }
      : {}),
  };
}

/** A long-running PUT ends provisioned; a DELETE removes the resource's tree and what its teardown names. */
function resourceCompleters(ctx: ProviderContext, spec: ResourceSpec, style: OperationStyle): Record<string, Completer> {
  const finish: Completer = async (op) => {
    const stored = await ctx.store.get(op.resourceKey);
    if (!stored) return [];
    const body = asKit(stored, spec);
    const resource = provisionedResource(ctx, spec, structuredClone(body.resource), { key: op.resourceKey, subscriptionId: op.subscriptionId });
    // With etagOf the store's ETag follows the body's, which `provisioned` may change.
    const etag = spec.etagOf ? spec.etagOf(resource) : stored.etag;
    return [
      { op: "put", resource: { ...stored, etag, body: storedBody(spec, resource, body.meta) }, expect: { etag: stored.etag } },
      ...((await spec.completes?.(stored, ctx)) ?? []),
    ];
  };
  const puts = style.separateCreate
    ? { [`${style.kindPrefix}.create`]: finish, [`${style.kindPrefix}.update`]: finish }
    : { [`${style.kindPrefix}.put`]: finish };
  return {
    ...puts,
    [`${style.kindPrefix}.delete`]: async (op) => {
      const stored = await ctx.store.get(op.resourceKey);
      if (stored && spec.deleteFinishes && !spec.deleteFinishes(stored)) return [];
      return [...(stored ? ((await spec.teardown?.(stored, ctx)) ?? []) : []), { op: "deleteTree", key: op.resourceKey }];
    },
  };
}

/** What a finished PUT makes of the resource: the type's `provisioned`, else its state shown Succeeded. */
function provisionedResource(ctx: ProviderContext, spec: ResourceSpec, resource: Obj, at: { key: string; subscriptionId: string }): Obj {
  if (spec.provisioned) return spec.provisioned(resource, at, ctx);
  if (spec.showState) spec.showState(resource, "Succeeded");
  else setProvisioningState(resource, "Succeeded");
  return resource;
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

function conflictError(id: string): ArmError {
  return new ArmError(409, "Conflict", `The resource '${id}' or its parent was changed by another request at the same time. Read it again and retry.`);
}

/** A lost compare-and-set the handler may run again after (ResourceSpec.retryConflicts); `conflict` answers it when it may not. */
class LostRace extends Error {
  constructor(readonly conflict: ArmError) {
    super(conflict.message);
    this.name = "LostRace";
  }
}

/**
 * Commits, turning a lost compare-and-set (a concurrent write to the resource or its parent) into the
 * type's 409, or with `retry` into a LostRace: on any record (`all`), or on one other than `key`.
 */
async function commitOrConflict(
  ctx: ProviderContext,
  writes: Write[],
  conflict: ArmError,
  retry?: { mode: "dependencies" | "all"; key: string },
): Promise<void> {
  try {
    await ctx.store.commit(writes);
  } catch (e) {
    if (e instanceof PreconditionError) throw retry && (retry.mode === "all" || e.key !== retry.key) ? new LostRace(conflict) : conflict;
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
    tracked: true,
    async require(ctx, params) {
      const group = await requireGroup(ctx, params["subscriptionId"]!, params["resourceGroupName"]!);
      const idPrefix = `/subscriptions/${params["subscriptionId"]!}/resourceGroups/${String(group.body["name"] ?? params["resourceGroupName"])}/providers/${namespace}`;
      return { key: group.key, keyPrefix: idPrefix.toLowerCase(), idPrefix, subscriptionId: group.subscriptionId, stored: group };
    },
  };
}

/**
 * A subscription-level type's scope: `/subscriptions/{id}`. `requireSubscription` checks the id (or
 * refuses it) and gives the subscription's stored row (resources are listed under its key).
 */
export function subscriptionScope(requireSubscription: (ctx: ProviderContext, subscriptionId: string) => StoredResource | Promise<StoredResource>): ScopeSpec {
  return {
    path: "/subscriptions/:subscriptionId",
    isParent: false,
    async require(ctx, params) {
      const subscriptionId = params["subscriptionId"]!;
      const stored = await requireSubscription(ctx, subscriptionId);
      const idPrefix = `/subscriptions/${subscriptionId}`;
      return { key: stored.key, keyPrefix: idPrefix.toLowerCase(), idPrefix, subscriptionId, stored };
    },
  };
}

/**
 * An update's body with what the request's api-version cannot express kept from the stored resource
 * (src/arm/request-schemas/keep-unexpressed.ts); loaded with the first update, not at start.
 */
async function keptFromNewerVersions(namespace: string, req: ArmRequest, body: Obj, stored: Obj | undefined): Promise<Obj> {
  if (stored === undefined) return body;
  const { withUnexpressedKept } = await import("../arm/request-schemas/keep-unexpressed.js");
  return withUnexpressedKept(namespace, req.apiVersion, req.path, body, stored);
}
