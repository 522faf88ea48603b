/**
 * Sets `key` in a Map used as a bounded cache: the entry goes last (newest), and the oldest
 * entries go first while the map would hold more than `max`.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  while (map.size >= max) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
