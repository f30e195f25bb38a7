import { toDigits14, toRfc1123 } from '../datetime.ts'
import type { AnnotationRef } from '../annotations/annotation-index.ts'
import type { MementoRef } from '../chain/index.ts'
import { surt } from '../surt.ts'
import { linkFormat, mementoEntry, type LinkEntry } from './memento-links.ts'
import type { MementoUrls } from './memento-urls.ts'
import type { TimeMapFormat } from './replay-path.ts'

export interface TimeMapItem extends MementoRef {
  /** status and media type, when the IPARO header was read (CDXJ needs them) */
  status?: number
  mime?: string
}

export interface TimeMapInput {
  urls: MementoUrls
  /** the URL as asked (URI-Ms are built from it) */
  url: string
  /** the URL as captured: the TimeMap's `original` */
  original: string
  /** in time order; empty for an unknown URL */
  mementos: TimeMapItem[]
  /** annotations of the mementos, by memento CID (docs/annotations.md): JSON lists them as links */
  annotations?: ReadonlyMap<string, readonly AnnotationRef[]>
}

export const TIMEMAP_MEDIA_TYPES: Record<TimeMapFormat, string> = {
  link: 'application/link-format',
  json: 'application/json',
  cdxj: 'application/cdxj+ors'
}

function linkDocument ({ urls, url, original, mementos }: TimeMapInput): string {
  if (mementos.length === 0) return ''
  const first = mementos[0]
  const last = mementos[mementos.length - 1]
  const self: LinkEntry = { uri: urls.timemap('link', url), rels: ['self'], attributes: [['type', 'application/link-format']] }
  if (first != null && last != null) self.attributes?.push(['from', toRfc1123(first.datetime)], ['until', toRfc1123(last.datetime)])
  const entries: LinkEntry[] = [
    { uri: original, rels: ['original'] },
    self,
    { uri: urls.timegate(url), rels: ['timegate'] },
    ...mementos.map((m, i) => mementoEntry(urls.memento(m.datetime, url), m.datetime, [
      ...(i === 0 ? ['first'] : []), ...(i === mementos.length - 1 ? ['last'] : []), 'memento'
    ]))
  ]
  return linkFormat(entries)
}

function jsonDocument ({ urls, url, original, mementos, annotations }: TimeMapInput): string {
  // the IPARO's CID: what an `ipfs://` link to this memento names (the app's share buttons)
  const item = (m: MementoRef): { datetime: string, uri: string, cid: string } => ({ datetime: m.datetime, uri: urls.memento(m.datetime, url), cid: m.cid, ...annotationLinks(annotations?.get(m.cid)) })
  const first = mementos[0]
  const last = mementos[mementos.length - 1]
  return JSON.stringify({
    original_uri: original,
    timegate_uri: urls.timegate(url),
    timemap_uri: {
      link_format: urls.timemap('link', url),
      json_format: urls.timemap('json', url),
      cdxj_format: urls.timemap('cdxj', url)
    },
    mementos: {
      ...(first != null ? { first: item(first) } : {}),
      ...(last != null ? { last: item(last) } : {}),
      list: mementos.map(item)
    }
  }, null, 2) + '\n'
}

/** A memento's annotations as links to their IPAROs, when it has any. */
function annotationLinks (refs: readonly AnnotationRef[] | undefined): { annotations?: Array<{ cid: string, datetime: string, uri: string }> } {
  return refs == null || refs.length === 0 ? {} : { annotations: refs.map(a => ({ cid: a.cid, datetime: a.datetime, uri: `ipfs://${a.cid}` })) }
}

function cdxjDocument ({ original, mementos }: TimeMapInput): string {
  const key = surt(original)
  return mementos.map(m => {
    const fields: Record<string, string> = { url: original, datetime: m.datetime, cid: m.cid }
    if (m.status != null) fields.status = String(m.status)
    if (m.mime != null) fields.mime = m.mime
    return `${key} ${toDigits14(m.datetime)} ${JSON.stringify(fields)}\n`
  }).join('')
}

/** A TimeMap in one of the three formats; an empty list gives the empty document of that format. */
export function timeMapDocument (format: TimeMapFormat, input: TimeMapInput): string {
  switch (format) {
    case 'link': return linkDocument(input)
    case 'json': return jsonDocument(input)
    case 'cdxj': return cdxjDocument(input)
  }
}
