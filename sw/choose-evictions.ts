export interface Evictable {
  key: string
  size: number
  saved: boolean
}

/**
 * Which blocks to drop so the cache holds at most `quota` bytes: unsaved ones, in the order given
 * (least recently used first). Saved blocks are never chosen, even when they alone exceed the quota.
 */
export function chooseEvictions (lruOrder: Iterable<Evictable>, total: number, quota: number): string[] {
  const chosen: string[] = []
  let excess = total - quota
  for (const entry of lruOrder) {
    if (excess <= 0) break
    if (entry.saved) continue
    chosen.push(entry.key)
    excess -= entry.size
  }
  return chosen
}
