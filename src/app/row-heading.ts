import type { PageRow } from './page-source.ts'

/**
 * What a list row is headed with: where a redirect went (`→ https://…`) rather than its body's title
 * ("302 Found"); else the title; else, for a resource, its file name (`OpenSans-Bold.ttf`, which the
 * URL below it would cut off on a phone); else the URL.
 */
export function rowHeading (row: Pick<PageRow, 'url' | 'title' | 'type' | 'location'>): string {
  if (row.location != null) return `→ ${row.location}`
  if (row.title != null) return row.title
  if (row.type === 'page') return row.url
  const path = URL.parse(row.url)?.pathname ?? ''
  const name = path.slice(path.lastIndexOf('/') + 1)
  try {
    return name === '' ? row.url : decodeURIComponent(name)
  } catch {
    // a stray `%`: the name as written
    return name
  }
}
