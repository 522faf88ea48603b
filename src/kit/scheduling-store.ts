import type { LroEngine } from "../arm/lro.js";
import { interceptCommit } from "../store/intercept-commit.js";
import type { Store } from "../store/store.js";

/**
 * The providers' store: a commit that records an operation in flight also schedules its
 * completion (LroEngine.noteDue), so starting an operation is one commit and nothing else. Without
 * the note, a single-process store would not look for due operations again until its hint ran out.
 */
export function schedulingStore(store: Store, lro: LroEngine): Store {
  return interceptCommit(store, async (writes, commit) => {
    await commit(writes);
    for (const w of writes) if (w.op === "putOperation" && w.operation.status === "InProgress") lro.noteDue(w.operation.dueAt);
  });
}
