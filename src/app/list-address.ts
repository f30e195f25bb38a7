/** The archive view's orders, as named in its address (`sort=`); the first is the default, never written. */
export const SORTS = ['url-asc', 'url-desc', 'host', 'newest', 'oldest', 'captures', 'title'] as const
export type Sort = typeof SORTS[number]

/** What the archive view's page list shows: the search text (a URL prefix or words) and the order. */
export interface ListState { q: string, sort: Sort }

export const DEFAULT_LIST: Readonly<ListState> = { q: '', sort: 'url-asc' }

const isSort = (s: string | null): s is Sort => (SORTS as readonly string[]).includes(s ?? '')

/**
 * Reads the query of an archive address (`q=annual+report&sort=newest`, without its `?`). Anything it
 * does not know (another parameter, an unknown order, a bad escape) is left out, and the default stands:
 * a shared link from a newer or older app still opens the archive.
 */
export function parseListQuery (query: string): ListState {
  // URLSearchParams never throws: a stray `%` stays as written, a broken UTF-8 escape is U+FFFD, `+` a space
  const params = new URLSearchParams(query)
  const sort = params.get('sort')
  return { q: (params.get('q') ?? '').trim(), sort: isSort(sort) ? sort : DEFAULT_LIST.sort }
}

/**
 * The query of an archive address, with its `?`, or '' for the default list (so the plain `#/<archive>`
 * stays the address of the unsearched archive). Values are form-encoded: `&`, `#`, `/`, `%` and
 * non-ASCII are escaped, a space is `+`.
 */
export function listQuery (list: ListState): string {
  const params = new URLSearchParams()
  const q = list.q.trim()
  if (q !== '') params.set('q', q)
  if (list.sort !== DEFAULT_LIST.sort) params.set('sort', list.sort)
  const query = params.toString()
  return query === '' ? '' : `?${query}`
}

export const sameList = (a: ListState, b: ListState): boolean => a.q.trim() === b.q.trim() && a.sort === b.sort
