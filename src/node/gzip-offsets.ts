import { open, type FileHandle } from 'node:fs/promises'
import { FileWindow, inflateMember, type MemberEnd } from './gzip-members.ts'

/** Where a byte of a .warc.gz's inflated stream lies in the file: in the gzip member at `at`, `within` bytes into what it inflates to. */
export interface FileOffset {
  at: number
  within: number
}

/** A known place in the stream: the member at file offset `file` inflates from stream byte `out` on. */
interface Anchor {
  out: number
  file: number
  /** a damaged member: the stream bytes up to the next anchor came from it, and no member is walked past it */
  damaged: boolean
}

/**
 * Maps offsets in a .warc.gz's inflated stream (the reader's record and problem offsets) to the file:
 * the compressed offset of the member they lie in, as a user, `gzip -t` or a CDX index count them.
 *
 * The native inflate never says where members start, so they are found when asked, by inflating the
 * members again from the last known place (the start, or where reading resumed after damage) up to
 * the one asked for: only files with something to report pay for it, at most one more inflate of the
 * file up to its last problem (asked in stream order, every member is inflated once; a member being
 * walked stays open, so one-member files are not inflated again per question).
 */
export class GzipOffsets {
  private readonly anchors: Anchor[] = [{ out: 0, file: 0, damaged: false }]
  private readonly walks = new Map<Anchor, MemberWalk>()
  private handle: Promise<FileHandle> | undefined = undefined

  constructor (private readonly path: string, private readonly size: number) {}

  /** The source found the member at file offset `file` damaged; it had inflated from stream byte `out`. */
  damaged (out: number, file: number): void {
    this.anchors.push({ out, file, damaged: true })
  }

  /** The source resumed at the member at file offset `file`, as stream byte `out`. */
  resumed (out: number, file: number): void {
    this.anchors.push({ out, file, damaged: false })
  }

  /** the questions in turn: a walk inflates on from where the last one left it */
  private queue: Promise<unknown> = Promise.resolve()

  async locate (out: number): Promise<FileOffset> {
    const answer = this.queue.then(async () => this.place(out))
    this.queue = answer.catch(() => {})
    return answer
  }

  private async place (out: number): Promise<FileOffset> {
    // the last anchor at or before `out` (anchors come in stream order; of two at one offset, the later)
    let anchor = this.anchors[0] as Anchor
    for (const a of this.anchors) if (a.out <= out) anchor = a
    if (anchor.damaged) return { at: anchor.file, within: out - anchor.out }
    let walk = this.walks.get(anchor)
    if (walk == null) {
      this.handle ??= open(this.path, 'r')
      walk = new MemberWalk(new FileWindow(await this.handle, this.size), anchor)
      this.walks.set(anchor, walk)
    }
    return walk.locate(out)
  }

  async close (): Promise<void> {
    for (const walk of this.walks.values()) await walk.close()
    this.walks.clear()
    const handle = this.handle
    this.handle = undefined
    if (handle != null) await (await handle).close()
  }
}

/** The members from one anchor on, inflated one at a time as far as questions reach. */
class MemberWalk {
  /** walked members' file offsets and first stream bytes, in order (the open one last) */
  private readonly files: number[] = []
  private readonly outs: number[] = []
  private open: { member: AsyncGenerator<Uint8Array, MemberEnd>, file: number, out: number, produced: number } | undefined = undefined
  private next: { file: number, out: number } | undefined

  constructor (private readonly window: FileWindow, anchor: Anchor) {
    this.next = { file: anchor.file, out: anchor.out }
  }

  /** The stream bytes before this are placed. */
  private get frontier (): number {
    if (this.open != null) return this.open.out + this.open.produced
    return this.next?.out ?? Infinity
  }

  async locate (out: number): Promise<FileOffset> {
    while (out >= this.frontier) {
      if (!await this.step()) break
    }
    return this.placed(out)
  }

  /** Inflates on by one chunk (or starts the next member); false when the walk can go no further. */
  private async step (): Promise<boolean> {
    if (this.open == null) {
      const next = this.next
      if (next == null || next.file >= this.window.size) {
        this.next = undefined
        return false
      }
      this.files.push(next.file)
      this.outs.push(next.out)
      this.open = { member: inflateMember(this.window, next.file), file: next.file, out: next.out, produced: 0 }
    }
    const open = this.open
    const r = await open.member.next()
    if (r.done !== true) {
      open.produced += r.value.length
      return true
    }
    this.open = undefined
    // past a damaged member (or padding) nothing is placed by this walk: the source resumed elsewhere
    this.next = r.value.ok ? { file: r.value.end, out: open.out + open.produced } : undefined
    return this.next != null
  }

  private placed (out: number): FileOffset {
    let lo = 0
    let hi = this.outs.length - 1
    if (hi < 0) return { at: this.next?.file ?? 0, within: out - (this.next?.out ?? 0) }
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((this.outs[mid] ?? 0) <= out) lo = mid
      else hi = mid - 1
    }
    return { at: this.files[lo] ?? 0, within: out - (this.outs[lo] ?? 0) }
  }

  async close (): Promise<void> {
    await this.open?.member.return({ ok: false, reason: 'closed' })
    this.open = undefined
  }
}
