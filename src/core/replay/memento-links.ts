import { compareDatetime, toRfc1123 } from '../datetime.ts'
import type { Datetime } from '../datetime.ts'
import type { MementoRef } from '../chain/index.ts'
import { headerSafeUri } from './header-safe-uri.ts'
import type { MementoUrls } from './memento-urls.ts'
import type { Modifier } from './replay-path.ts'

/** One entry of a Link header or link-format TimeMap (RFC 8288 / RFC 6690). */
export interface LinkEntry {
  uri: string
  rels: string[]
  attributes?: Array<[string, string]>
}

export type MementoRel = 'first' | 'last' | 'prev' | 'next' | 'self'

// Memento's usual order inside one rel value: `first last memento`, `last next memento`.
const REL_ORDER: Array<Exclude<MementoRel, 'self'>> = ['first', 'last', 'prev', 'next']

/** A quoted-string attribute value: quotes and backslashes escaped, so a URL cannot break the header. */
const quote = (value: string): string => `"${value.replace(/[\\"]/g, '\\$&')}"`

export function formatLink (entry: LinkEntry): string {
  const attributes = (entry.attributes ?? []).map(([k, v]) => `; ${k}=${quote(v)}`).join('')
  // `<` `>` inside a URI would end the target early; they are never legal unescaped in a URI anyway.
  // Non-ASCII would make the header value something a Response refuses.
  const uri = headerSafeUri(entry.uri).replace(/[<>]/g, c => encodeURIComponent(c))
  return `<${uri}>; rel=${quote(entry.rels.join(' '))}${attributes}`
}

/** A Link header value: entries joined by `, ` on one line. */
export function linkHeader (entries: LinkEntry[]): string {
  return entries.map(formatLink).join(', ')
}

/** A link-format document: one entry per line, a comma after every line but the last. */
export function linkFormat (entries: LinkEntry[]): string {
  return entries.map(formatLink).join(',\n') + (entries.length > 0 ? '\n' : '')
}

export interface MementoEntriesOptions {
  /** the modifier the URI-Ms carry: the request's, so that a client stays in the mode it asked for */
  modifier?: Modifier
  /** the URI-M of `self` as the response names it (Content-Location), when it differs from `url`'s */
  self?: string
}

/**
 * Memento entries for the given neighbours, one entry per distinct URI-M with its rels merged (the
 * only memento is `first last memento`), in time order.
 */
export function mementoEntries (urls: MementoUrls, url: string, refs: Partial<Record<MementoRel, MementoRef>>, options: MementoEntriesOptions = {}): LinkEntry[] {
  const byCid = new Map<string, { ref: MementoRef, rels: Set<MementoRel> }>()
  for (const [rel, ref] of Object.entries(refs) as Array<[MementoRel, MementoRef | undefined]>) {
    if (ref == null) continue
    const slot = byCid.get(ref.cid) ?? { ref, rels: new Set<MementoRel>() }
    slot.rels.add(rel)
    byCid.set(ref.cid, slot)
  }
  return [...byCid.values()]
    .sort((a, b) => compareDatetime(a.ref.datetime, b.ref.datetime) || a.ref.seq - b.ref.seq)
    .map(({ ref, rels }) => mementoEntry(
      rels.has('self') && options.self != null ? options.self : urls.memento(ref.datetime, url, options.modifier),
      ref.datetime, [...REL_ORDER.filter(r => rels.has(r)), 'memento']))
}

export function mementoEntry (uri: string, datetime: Datetime, rels: string[] = ['memento']): LinkEntry {
  return { uri, rels, attributes: [['datetime', toRfc1123(datetime)]] }
}

/** original, timegate and timemap: the entries every Memento response starts with. */
export function navigationEntries (urls: MementoUrls, original: string, url: string): LinkEntry[] {
  return [
    { uri: original, rels: ['original'] },
    { uri: urls.timegate(url), rels: ['timegate'] },
    { uri: urls.timemap('link', url), rels: ['timemap'], attributes: [['type', 'application/link-format']] }
  ]
}
