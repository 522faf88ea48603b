import type { Completer } from "../arm/lro.js";
import type { ArmRequest, ArmResponse, Route } from "../arm/router.js";
import type { ProviderContext } from "../providers/context.js";
import { type OperationRecord, PreconditionError, type StoredResource, type Write } from "../store/store.js";
import type { ArmError } from "../arm/errors.js";

type Obj = Record<string, unknown>;

/**
 * An action on a resource: a POST (or GET) below it, e.g. `managedClusters/{name}/listClusterUserCredential`
 * or `.../rotateClusterCertificates`, declared on the type that owns it (`ResourceSpec.actions`). The
 * kit finds the owner with the type's 404s, refuses the action while an operation runs on the owner
 * (the type's `busy`, when `refuseWhileBusy`), and runs it synchronously (`answer`) or long-running in
 * the type's operation style (`operation`): the operation recorded in the commit that starts it, which
 * schedules its completion, its per-action completer, and `--lro-duration 0` answered at once.
 */
export interface ActionSpec {
  /** The path below the resource, e.g. `listClusterUserCredential`, `accessProfiles/:roleName/listCredential`. */
  path: string;
  /** Default POST. */
  method?: "POST" | "GET";
  /** The type whose api-versions the route takes and whose row of the served table shows it (default: the owner's type). */
  resourceType?: string;
  /** Changes state: Reader principals are refused (a POST that only reads, e.g. resolvePrivateLinkServiceId, says false). */
  write: boolean;
  body: "required" | "optional" | "none";
  /** Refused with the owner's `busy` error while an operation runs on the owner, before anything else (an action that checks other things first calls `input.refuseWhileBusy`). */
  refuseWhileBusy?: boolean;
  /** A synchronous action's answer. */
  answer?(input: ActionInput, ctx: ProviderContext): Promise<ArmResponse>;
  /** A long-running action, in the owner's operation style. */
  operation?: ActionOperation;
}

/** What an action sees: the request, and the owner as stored. */
export interface ActionInput {
  req: ArmRequest;
  /** The owner's stored row, its resource (in the type's stored form read) and what the type keeps beside it. */
  owner: StoredResource;
  resource: Obj;
  meta: Obj;
  /** The owner's name as the path gives it. */
  name: string;
  now: number;
  /** Throws the owner's `busy` error while an operation runs on it (or its parent). */
  refuseWhileBusy(): Promise<void>;
}

interface ActionOperation {
  /** The operation kind is `<style kindPrefix>.<kind>`; its completer is `complete`. */
  kind: string;
  /** Checks the request (throws ArmError) and says what starting the operation writes. */
  start(input: ActionInput, ctx: ProviderContext): Promise<ActionStart>;
  /** What finishing the operation writes (the owner read again: `owner` writes it back in the type's stored form). */
  complete(op: OperationRecord, owner: OwnerRow | undefined, ctx: ProviderContext): Promise<Write[]>;
  /**
   * The answer when the operation finished at once (`--lro-duration 0`), read after its completion.
   * Without it the action answers 202 with its headers even then (a service that never answers at once).
   */
  finished?(op: OperationRecord, ctx: ProviderContext): Promise<ArmResponse>;
  /** The status the operation's Location URL answers (without a body) once it is done (default 204). */
  resultStatus?: 200 | 204;
  /** The accepted answer's headers (default: the style's for a DELETE, e.g. AKS's Azure-AsyncOperation and Location). */
  headers?(origin: string, op: OperationRecord, req: ArmRequest): Record<string, string>;
  /** The accepted (202) answer's body, given the owner as the starting commit wrote it (default: none). */
  accepted?(resource: Obj): unknown;
}

interface ActionStart {
  /** The owner's resource while the operation runs (e.g. its provisioningState), given the generation it is stored at. */
  owner?(resource: Obj, generation: number): Obj;
  /** What the type keeps beside the owner, as the starting commit changes it (with `owner`). */
  ownerMeta?(meta: Obj): Obj;
  /** Other writes of the commit that starts the operation. */
  writes?: Write[];
  /** Kept on the operation record, for the completer. */
  data?: Obj;
  /** The key the operation works on, when not the owner's (then it does not make the owner busy). */
  operationKey?: string;
}

/** The owner as a completer reads it, and how to write it back in its type's stored form. */
interface OwnerRow {
  stored: StoredResource;
  resource: Obj;
  meta: Obj;
  /** The write replacing the owner's resource (the generation one higher, the ETag following) and, with `meta`, what is kept beside it, if it is unchanged meanwhile. */
  write(resource: (resource: Obj, generation: number) => Obj, meta?: (meta: Obj) => Obj): Write;
}

/** What the owning type's lifecycle gives its actions (src/kit/lifecycle.ts). */
export interface ActionOwner {
  namespace: string;
  type: string;
  /** The owner's route path, e.g. `.../managedClusters/:resourceName`. */
  itemPath: string;
  apiVersionKind: "arm" | "provider";
  /** The owner the path names, or the type's 404s (its scope's, then its own). */
  locate(req: ArmRequest): Promise<LocatedOwner>;
  /** The owner's row read in its stored form. */
  row(stored: StoredResource): OwnerRow;
  /** The type's operation style, for long-running actions. */
  style?: {
    kindPrefix: string;
    headers(origin: string, op: OperationRecord): Record<string, string>;
    /** Long-running even at `--lro-duration 0`. */
    evenWhenInstant: boolean;
  };
}

interface LocatedOwner {
  name: string;
  key: string;
  stored: StoredResource;
  /** Throws the type's `busy` error while an operation runs on the owner (or its parent). */
  refuseWhileBusy(): Promise<void>;
  /** An operation record of `kind` on `key` in the type's style (`sequence`: the how-manieth run). */
  record(kind: string, key: string, now: number, sequence: number): OperationRecord;
  /** The type's 409 when the owner changed between reading it and starting the operation (a concurrent request). */
  conflict(): ArmError;
}

/** The routes of a type's actions. */
export function actionRoutes(ctx: ProviderContext, owner: ActionOwner, actions: readonly ActionSpec[]): Route[] {
  return actions.map((action) => {
    const path = `${owner.itemPath}/${action.path}`;
    const run = async (req: ArmRequest): Promise<ArmResponse> => {
      const located = await owner.locate(req);
      if (action.refuseWhileBusy) await located.refuseWhileBusy();
      const row = owner.row(located.stored);
      const input: ActionInput = {
        req,
        owner: located.stored,
        resource: row.resource,
        meta: row.meta,
        name: located.name,
        now: ctx.clock.now(),
        refuseWhileBusy: () => located.refuseWhileBusy(),
      };
      const res = action.operation ? await startOperation(ctx, owner, located, action.operation, input) : await action.answer!(input, ctx);
      return shapedAnswer(owner.namespace, req, path, res);
    };
    return {
      method: action.method ?? "POST",
      path,
      apiVersions: { namespace: owner.namespace, resourceType: action.resourceType ?? owner.type, kind: owner.apiVersionKind },
      write: action.write,
      body: action.body,
      handler: run,
    };
  });
}

/**
 * An action's answer with what the request's api-version does not define for it left out, as the
 * lifecycle's answers (src/arm/response-shapes/shape-answer.ts); bodies already serialised are as they are.
 */
async function shapedAnswer(namespace: string, req: ArmRequest, path: string, res: ArmResponse): Promise<ArmResponse> {
  if (res.status >= 300 || res.body === null || typeof res.body !== "object" || res.body instanceof Uint8Array) return res;
  const { answerPruner } = await import("../arm/response-shapes/shape-answer.js");
  const prune = answerPruner(namespace, req.method, path, req.apiVersion);
  return prune ? { ...res, body: prune(res.body) } : res;
}

async function startOperation(
  ctx: ProviderContext,
  owner: ActionOwner,
  located: LocatedOwner,
  operation: ActionOperation,
  input: ActionInput,
): Promise<ArmResponse> {
  const style = owner.style;
  if (!style) throw new Error(`${owner.type}: a long-running action needs the type's operation style`);
  const ownerKey = located.key;
  const started = await operation.start(input, ctx);
  const key = started.operationKey ?? ownerKey;
  const kind = `${style.kindPrefix}.${operation.kind}`;
  // Each run of an action gets an operation id of its own: the how-manieth run on the key is part of it.
  let op: OperationRecord | undefined;
  for (let sequence = 1; !op; sequence++) {
    const candidate = located.record(kind, key, input.now, sequence);
    if (!(await ctx.store.getOperation(candidate.id))) op = candidate;
  }
  // A completer finds the owner again by its key: the operation's own, or the one kept here.
  // Its Location URL answers `resultStatus` without a body once done (arm/lro.ts): an action's result is its own, not the owner.
  op = { ...op, data: { ...op.data, ...started.data, resultStatus: operation.resultStatus ?? 204, ...(key !== ownerKey ? { ownerKey } : {}) } };
  const ownerWrite = started.owner
    ? owner.row(input.owner).write(started.owner, started.ownerMeta)
    : { op: "put" as const, resource: input.owner, expect: { etag: input.owner.etag } };
  const writes: Write[] = [...(started.writes ?? []), ownerWrite];
  try {
    await ctx.store.commit([...writes, { op: "putOperation", operation: op }]);
  } catch (e) {
    if (e instanceof PreconditionError) throw located.conflict();
    throw e;
  }
  if (ctx.config.lroDurationMs === 0 && !style.evenWhenInstant) {
    // Finished at once: the engine completes it now (it is due), and the answer is the final one.
    await ctx.lro.settleDue();
    if (operation.finished) return operation.finished((await ctx.store.getOperation(op.id)) ?? op, ctx);
  }
  const headers = operation.headers ? operation.headers(input.req.origin, op, input.req) : style.headers(input.req.origin, op);
  if (!operation.accepted || ownerWrite.op !== "put") return { status: 202, headers };
  return { status: 202, headers, body: operation.accepted(owner.row(ownerWrite.resource).resource) };
}

/** The completers of a type's long-running actions, by operation kind. */
export function actionCompleters(
  ctx: ProviderContext,
  owner: Pick<ActionOwner, "row">,
  kindPrefix: string,
  actions: readonly ActionSpec[],
): Record<string, Completer> {
  const out: Record<string, Completer> = {};
  for (const action of actions) {
    const operation = action.operation;
    if (!operation) continue;
    out[`${kindPrefix}.${operation.kind}`] = async (op) => {
      const ownerKey = typeof op.data?.["ownerKey"] === "string" ? (op.data["ownerKey"] as string) : op.resourceKey;
      const stored = await ctx.store.get(ownerKey);
      return operation.complete(op, stored ? owner.row(stored) : undefined, ctx);
    };
  }
  return out;
}
