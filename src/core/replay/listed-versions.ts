import type { MementoRef } from '../chain/index.ts'
import { distanceNanos, type Datetime } from '../datetime.ts'
import { NotFoundError } from '../errors.ts'
import type { OpenedMemento, UrlVersions } from './url-versions.ts'

/**
 * A URL's captures held as one whole list in time order (a whole-file IPARO's index entries, a
 * namespace scan's IPAROs): every navigation question is answered from the list; subclasses say how
 * a capture is described and opened.
 */
export abstract class ListedVersions implements UrlVersions {
  abstract readonly url: string

  constructor (protected readonly refs: MementoRef[]) {}

  owns (m: MementoRef): boolean {
    return this.refs.some(r => r.cid === m.cid)
  }

  protected at (m: MementoRef): number {
    const i = this.refs.findIndex(r => r.cid === m.cid)
    if (i < 0) throw new NotFoundError(`${m.cid} is not a capture of ${this.url} here`)
    return i
  }

  /** The closest to `at`, the earlier on a tie (the list is in time order: the first of equals is kept). */
  async resolve (at?: Datetime): Promise<MementoRef> {
    if (at == null) return this.refs[this.refs.length - 1] as MementoRef
    let best = this.refs[0] as MementoRef
    let bestDistance = distanceNanos(best.datetime, at)
    for (const r of this.refs) {
      const d = distanceNanos(r.datetime, at)
      if (d < bestDistance) {
        best = r
        bestDistance = d
      }
    }
    return best
  }

  async first (): Promise<MementoRef | undefined> {
    return this.refs[0]
  }

  async prev (m: MementoRef): Promise<MementoRef | undefined> {
    return this.refs[this.at(m) - 1]
  }

  async next (m: MementoRef): Promise<MementoRef | undefined> {
    return this.refs[this.at(m) + 1]
  }

  async timemap (): Promise<{ mementos: MementoRef[], complete: boolean }> {
    return { mementos: [...this.refs], complete: true }
  }

  /**
   * The archived Location resolved against the captured URL, at this capture's datetime. Unlike the
   * URL map's redirects, a self-redirect (same SURT) is not searched around (docs/whole-file-iparos.md,
   * docs/namespacing.md: left out).
   */
  async redirectTarget (opened: OpenedMemento, _requested: string, m: MementoRef): Promise<{ url: string, datetime: Datetime } | undefined> {
    const location = opened.exchange.headers.get('location')
    if (location == null) return undefined
    try {
      return { url: new URL(location.trim(), opened.uri).href, datetime: m.datetime }
    } catch {
      return undefined
    }
  }

  abstract describe (m: MementoRef): Promise<{ status?: number, mime?: string }>
  abstract captured (m: MementoRef): Promise<string>
  abstract open (m: MementoRef, signal?: AbortSignal): Promise<OpenedMemento>
}
