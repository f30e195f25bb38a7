/**
 * Sets `key` in a map used as a bounded cache, first dropping its oldest entry (Map order is insertion
 * order) when the map is full and `key` is new. A caller that wants least-recently-used order deletes a
 * key it hits before setting it again.
 */
export function setBounded<K, V> (map: Map<K, V>, limit: number, key: K, value: V): void {
  if (map.size >= limit && !map.has(key)) {
    const oldest = map.keys().next()
    if (oldest.done !== true) map.delete(oldest.value)
  }
  map.set(key, value)
}
