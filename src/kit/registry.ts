import type { Completer } from "../arm/lro.js";
import type { Route } from "../arm/router.js";
import type { Write } from "../store/store.js";
import type { ProviderContext } from "../providers/context.js";
import type { ResourceTypeDeclaration } from "./declaration.js";

/** A route of the table, stamped with the declaration of the type it serves. */
export interface RegisteredRoute extends Route {
  readonly declaration: ResourceTypeDeclaration;
}

const typeKey = (namespace: string, type: string): string => `${namespace}/${type}`.toLowerCase();

/**
 * Every resource type the emulator serves, declared once (providers/registrations.ts). The route
 * table, the api-versions of each route, the provider registration answer, the operation
 * completers and the group cascade are read from here and from nowhere else.
 */
export class Registry {
  private readonly byType = new Map<string, ResourceTypeDeclaration>();

  constructor(readonly declarations: readonly ResourceTypeDeclaration[]) {
    for (const d of declarations) {
      const key = typeKey(d.namespace, d.type);
      if (this.byType.has(key)) throw new Error(`resource type ${d.namespace}/${d.type} is declared twice`);
      this.byType.set(key, d);
    }
  }

  /** The declaration of a type (any casing), if it is served. */
  find(namespace: string, type: string): ResourceTypeDeclaration | undefined {
    return this.byType.get(typeKey(namespace, type));
  }

  /** The namespaces served, as ARM spells them, in declaration order. */
  namespaces(): string[] {
    return [...new Set(this.declarations.map((d) => d.namespace))];
  }

  /** Every route, each with the api-versions of the type it names. */
  routes(ctx: ProviderContext): RegisteredRoute[] {
    const out: RegisteredRoute[] = [];
    for (const d of this.declarations) {
      for (const route of d.routes?.(ctx) ?? []) {
        const { namespace, resourceType } = route.apiVersions;
        const served = this.find(namespace, resourceType);
        if (!served) throw new Error(`route ${route.method} ${route.path} serves ${namespace}/${resourceType}, which no declaration names`);
        out.push({ ...route, apiVersions: { ...route.apiVersions, versions: served.apiVersions }, declaration: served });
      }
    }
    return out;
  }

  completers(ctx: ProviderContext): Map<string, Completer> {
    const out = new Map<string, Completer>();
    for (const d of this.declarations) {
      for (const [kind, completer] of Object.entries(d.completers?.(ctx) ?? {})) {
        if (out.has(kind)) throw new Error(`operation kind '${kind}' has two completers`);
        out.set(kind, completer);
      }
    }
    return out;
  }

  /** Every type's part of a resource group's delete. */
  groupCascades(ctx: ProviderContext): ((groupKey: string, subscriptionId: string) => Promise<Write[]>)[] {
    return this.declarations.flatMap((d) => (d.groupCascade ? [d.groupCascade(ctx)] : []));
  }
}

/**
 * The route table of the declarations without a running emulator (for generated docs): route
 * factories only capture their context, so a context that is never used at this point stands in.
 */
export function registeredRoutes(declarations: readonly ResourceTypeDeclaration[]): RegisteredRoute[] {
  const registry = new Registry(declarations);
  const unused = new Proxy({} as ProviderContext, {
    get(_target, prop) {
      throw new Error(`a route factory read ctx.${String(prop)} while building its routes`);
    },
  });
  return registry.routes(unused);
}
