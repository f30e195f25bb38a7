import type { MementoRef } from '../chain/index.ts'
import { compareDatetime, distanceNanos, type Datetime } from '../datetime.ts'
import { NotFoundError } from '../errors.ts'
import type { MementoRel } from './memento-links.ts'
import type { OpenedMemento, UrlVersions } from './url-versions.ts'

/**
 * One URL's captures held by several sources (the URL map, whole-file IPAROs), as one time line: the
 * closest capture over all of them wins, TimeMaps list all of them. Neighbours come from the merged
 * list (the sources' lists are read once per question: whole-file indexes are small, and a URL found
 * in both is rare).
 */
export class MergedVersions implements UrlVersions {
  constructor (private readonly sources: UrlVersions[]) {
    if (sources.length === 0) throw new Error('MergedVersions needs a source')
  }

  get url (): string {
    return (this.sources[0] as UrlVersions).url
  }

  owns (m: MementoRef): boolean {
    return this.sources.some(s => s.owns(m))
  }

  private owner (m: MementoRef): UrlVersions {
    const source = this.sources.find(s => s.owns(m))
    if (source == null) throw new NotFoundError(`no source holds the capture ${m.cid}`)
    return source
  }

  async resolve (at?: Datetime): Promise<MementoRef> {
    const found: MementoRef[] = []
    let failure: unknown
    for (const s of this.sources) {
      try {
        found.push(await s.resolve(at))
      } catch (err) {
        failure ??= err
      }
    }
    if (found.length === 0) throw failure
    return found.reduce((best, m) => better(m, best, at) ? m : best)
  }

  async first (): Promise<MementoRef | undefined> {
    return (await this.timemap()).mementos[0]
  }

  async prev (m: MementoRef): Promise<MementoRef | undefined> {
    const { mementos } = await this.timemap()
    const i = mementos.findIndex(x => x.cid === m.cid)
    return i > 0 ? mementos[i - 1] : undefined
  }

  async next (m: MementoRef): Promise<MementoRef | undefined> {
    const { mementos } = await this.timemap()
    const i = mementos.findIndex(x => x.cid === m.cid)
    return i >= 0 ? mementos[i + 1] : undefined
  }

  async timemap (): Promise<{ mementos: MementoRef[], complete: boolean }> {
    const lists = await Promise.all(this.sources.map(async s => s.timemap()))
    // a stable sort: at one instant, the URL map's captures come first, then the files' in list order
    const all = lists.flatMap(l => l.mementos).sort((a, b) => compareDatetime(a.datetime, b.datetime))
    // each ref keeps its source's seq: the owner reads its own refs back (prev/next of a chain)
    return { mementos: all, complete: lists.every(l => l.complete) }
  }

  async describe (m: MementoRef): Promise<{ status?: number, mime?: string }> {
    return this.owner(m).describe(m)
  }

  async captured (m: MementoRef): Promise<string> {
    return this.owner(m).captured(m)
  }

  async open (m: MementoRef, signal?: AbortSignal): Promise<OpenedMemento> {
    return this.owner(m).open(m, signal)
  }

  async redirectTarget (opened: OpenedMemento, requested: string, m: MementoRef, near: Partial<Record<MementoRel, MementoRef>>): Promise<{ url: string, datetime: Datetime } | undefined> {
    return this.owner(m).redirectTarget(opened, requested, m, near)
  }
}

/** Whether `m` is a better answer than `best`: closer to `at` (ties to the earlier), or later without `at`. */
function better (m: MementoRef, best: MementoRef, at: Datetime | undefined): boolean {
  if (at == null) return compareDatetime(m.datetime, best.datetime) > 0
  const d = distanceNanos(m.datetime, at) - distanceNanos(best.datetime, at)
  return d < 0n || (d === 0n && compareDatetime(m.datetime, best.datetime) < 0)
}
