import type { ArchiveReader } from '../archive/archive-reader.ts'
import type { BlockGetter } from '../blocks.ts'
import type { MementoRef } from '../chain/index.ts'
import { distanceNanos, type Datetime } from '../datetime.ts'
import { surt } from '../surt.ts'
import type { UrlEntry } from '../url-map/url-map.ts'
import { readArchivedExchange, type ArchivedExchange } from './archived-exchange.ts'
import type { MementoRel } from './memento-links.ts'

const REDIRECT = new Set([301, 302, 303, 307, 308])
// How far to look on each side of a self-redirect for a capture that is not one.
const SELF_REDIRECT_SEARCH = 4

export interface RedirectContext {
  blocks: BlockGetter
  reader: ArchiveReader
  entry: UrlEntry
  /** the memento being replayed, and its neighbours (already read for the Link header) */
  memento: MementoRef
  near: Partial<Record<MementoRel, MementoRef>>
}

/**
 * Where an archived redirect leads inside the archive: the archived Location, absolute or relative,
 * resolved against the captured URL, at this memento's datetime. A redirect to the same URL under
 * another scheme or `www.` (same SURT) would send the browser back here forever, so it leads to the
 * nearest capture of the requested URL that is not such a redirect, when there is one. Undefined when
 * there is no Location or it is not a URL (it stays only as X-Archive-Orig-Location).
 */
export async function redirectTarget (exchange: ArchivedExchange, captured: string, requested: string, c: RedirectContext): Promise<{ url: string, datetime: Datetime } | undefined> {
  const target = locationOf(exchange, captured)
  if (target == null) return undefined
  if (isSelfRedirect(exchange, target, captured)) {
    const other = await nonSelfRedirect(c)
    if (other != null) return { url: requested, datetime: other.datetime }
  }
  return { url: target, datetime: c.memento.datetime }
}

/** The nearest capture on either side of the memento (up to SELF_REDIRECT_SEARCH steps out) that is not a self-redirect. */
async function nonSelfRedirect ({ blocks, reader, entry, memento, near }: RedirectContext): Promise<MementoRef | undefined> {
  let before = near.prev
  let after = near.next
  for (let i = 0; i < SELF_REDIRECT_SEARCH && (before != null || after != null); i++) {
    // nearer in time first
    const candidates = [before, after].filter((x): x is MementoRef => x != null)
      .sort((a, b) => Number(distanceNanos(a.datetime, memento.datetime) - distanceNanos(b.datetime, memento.datetime)))
    for (const candidate of candidates) {
      if (!(await redirectsToItself(blocks, reader, candidate))) return candidate
    }
    before = before != null ? (await reader.prev(entry, before)).memento : undefined
    after = after != null ? (await reader.next(entry, after)).memento : undefined
  }
  return undefined
}

async function redirectsToItself (blocks: BlockGetter, reader: ArchiveReader, m: MementoRef): Promise<boolean> {
  try {
    const iparo = await reader.source.iparo(m.cid)
    const exchange = await readArchivedExchange(blocks, iparo)
    const target = locationOf(exchange, iparo.header.uri)
    // a Location that is not a URL makes no better answer either
    if (target == null) return exchange.headers.has('location')
    return isSelfRedirect(exchange, target, iparo.header.uri)
  } catch {
    return true // unreadable: not a better answer
  }
}

/** The archived Location resolved against the captured URL; undefined when there is none or it is not a URL. */
function locationOf (exchange: ArchivedExchange, uri: string): string | undefined {
  const location = exchange.headers.get('location')
  if (location == null) return undefined
  try {
    return new URL(location.trim(), uri).href
  } catch {
    return undefined
  }
}

/** A redirect to the same URL under another scheme or `www.` (same SURT): followed in the archive, it would loop. */
const isSelfRedirect = (exchange: ArchivedExchange, target: string, uri: string): boolean =>
  REDIRECT.has(exchange.status) && surt(target) === surt(uri)
