import { isPageKind, type PageKind } from '../core/replay/page-kind.ts'

/** The archive view's orders, as named in its address (`sort=`); the first is the default, never written. */
export const SORTS = ['url-asc', 'url-desc', 'host', 'newest', 'oldest', 'captures', 'title'] as const
export type Sort = typeof SORTS[number]

/** `pages`: the archive's pages (the default); `all`: every URL, resources too, optionally of one `type`. */
export type ListView = 'pages' | 'all'

/**
 * What the archive view's page list shows: the search text (a URL prefix or words), the order, the
 * view, and in the `all` view the type it is narrowed to.
 */
export interface ListState { q: string, sort: Sort, view: ListView, type?: PageKind }

export const DEFAULT_LIST: Readonly<ListState> = { q: '', sort: 'url-asc', view: 'pages' }

const isSort = (s: string | null): s is Sort => (SORTS as readonly string[]).includes(s ?? '')

/**
 * Reads the query of an archive address (`q=annual+report&sort=newest&view=all&type=font`, without its
 * `?`). Anything it does not know (another parameter, an unknown order or type, a bad escape) is left
 * out, and the default stands: a shared link from a newer or older app still opens the archive. A type
 * is a narrowing of all URLs, so it is read only with `view=all`.
 */
export function parseListQuery (query: string): ListState {
  // URLSearchParams never throws: a stray `%` stays as written, a broken UTF-8 escape is U+FFFD, `+` a space
  const params = new URLSearchParams(query)
  const sort = params.get('sort')
  const list: ListState = { q: (params.get('q') ?? '').trim(), sort: isSort(sort) ? sort : DEFAULT_LIST.sort, view: params.get('view') === 'all' ? 'all' : 'pages' }
  const type = params.get('type')
  if (list.view === 'all' && type != null && isPageKind(type)) list.type = type
  return list
}

/**
 * The query of an archive address, with its `?`, or '' for the default list (so the plain `#/<archive>`
 * stays the address of the unsearched archive's pages). Values are form-encoded: `&`, `#`, `/`, `%` and
 * non-ASCII are escaped, a space is `+`.
 */
export function listQuery (list: ListState): string {
  const params = new URLSearchParams()
  const q = list.q.trim()
  if (q !== '') params.set('q', q)
  if (list.sort !== DEFAULT_LIST.sort) params.set('sort', list.sort)
  if (list.view === 'all') {
    params.set('view', 'all')
    if (list.type != null) params.set('type', list.type)
  }
  const query = params.toString()
  return query === '' ? '' : `?${query}`
}

export const sameList = (a: ListState, b: ListState): boolean =>
  a.q.trim() === b.q.trim() && a.sort === b.sort && a.view === b.view && (a.view === 'pages' || a.type === b.type)

/** The type the API is asked to list: pages in the pages view, the chosen type (or any) in the all view. */
export const listedType = (list: ListState): PageKind | undefined => list.view === 'pages' ? 'page' : list.type
