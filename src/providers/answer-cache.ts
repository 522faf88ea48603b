import { storedBodyText, type StoredResource } from "../store/store.js";

/**
 * Serialised answers (JSON text) of stored resources, reused while the resource's stored text is
 * unchanged: equal stored texts render to equal answers, so a resource read again unchanged is not
 * parsed, rendered and serialised again. Every request still reads the store, which stays the
 * one source of truth; this only remembers the last rendering per key (bounded, oldest out first).
 */
export class AnswerCache {
  private readonly entries = new Map<string, { text: string; json: string }>();

  constructor(
    private readonly render: (r: StoredResource) => unknown,
    private readonly capacity = 2000,
  ) {}

  json(stored: StoredResource): string {
    const text = storedBodyText(stored);
    if (text === undefined) return JSON.stringify(this.render(stored));
    const hit = this.entries.get(stored.key);
    if (hit !== undefined && hit.text === text) return hit.json;
    const json = JSON.stringify(this.render(stored));
    this.entries.delete(stored.key);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(stored.key, { text, json });
    return json;
  }
}
