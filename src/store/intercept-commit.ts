import type { Store, Write } from "./store.js";

/**
 * The same store with `commit` replaced by `commit(writes, inner)`, where `inner` is the store's own;
 * every other member is the store's, bound to it (a backend's methods keep their `this`).
 */
export function interceptCommit(store: Store, commit: (writes: Write[], inner: (writes: Write[]) => Promise<void>) => Promise<void>): Store {
  const inner = store.commit.bind(store);
  const bound = new Map<PropertyKey, unknown>([["commit", (writes: Write[]) => commit(writes, inner)]]);
  return new Proxy(store, {
    get(target, prop) {
      const known = bound.get(prop);
      if (known !== undefined) return known;
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function") return value;
      const method = (value as (...a: unknown[]) => unknown).bind(target);
      bound.set(prop, method);
      return method;
    },
  });
}
