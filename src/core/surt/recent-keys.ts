/**
 * `key` with the keys of URLs seen lately kept: an ingest asks for the same URL's key two or three
 * times per record (the capture, its IPARO header, a revisit's original), records apart. Emptied when
 * full: bounded, and a miss only costs the computation again.
 */
export function withRecentKeys (key: (url: string) => string, limit = 4096): (url: string) => string {
  const recent = new Map<string, string>()
  return (url) => {
    const known = recent.get(url)
    if (known !== undefined) return known
    const computed = key(url)
    if (recent.size >= limit) recent.clear()
    recent.set(url, computed)
    return computed
  }
}
