import type { ArchiveKind, ArchiveRef } from '../core/naming/archive-input.ts'

/** An archive the user opened: `id` is what goes in the hash, `label` what the app shows. */
export interface OpenedArchive {
  id: string
  label: string
  kind: ArchiveKind
}

const KEY = 'iparo.opened-archives'
const KINDS = new Set<string>(['local', 'ipns', 'dnslink', 'cid'])

function isOpened (v: unknown): v is OpenedArchive {
  if (typeof v !== 'object' || v == null) return false
  const o = v as Record<string, unknown>
  return typeof o.id === 'string' && o.id !== '' && typeof o.label === 'string' && typeof o.kind === 'string' && KINDS.has(o.kind)
}

/**
 * The archives opened in this browser, most recent first, remembered across visits (localStorage of the
 * app's origin). Changes are announced as `change` events so every view shows the same list.
 */
export class OpenedArchives extends EventTarget {
  private items: OpenedArchive[]

  constructor (private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage) {
    super()
    this.items = this.read()
  }

  get list (): readonly OpenedArchive[] {
    return this.items
  }

  get (id: string): OpenedArchive | undefined {
    return this.items.find(a => a.id === id)
  }

  /** Adds (or moves to the front) an archive; an existing label is kept unless a new one is given. */
  open (ref: Pick<ArchiveRef, 'id' | 'kind'>, label?: string): OpenedArchive {
    const old = this.get(ref.id)
    const item: OpenedArchive = { id: ref.id, kind: ref.kind, label: label ?? old?.label ?? shortLabel(ref.id) }
    this.items = [item, ...this.items.filter(a => a.id !== ref.id)]
    this.write()
    return item
  }

  /** A better label once the archive's manifest is read (its title); order is kept. */
  relabel (id: string, label: string): void {
    const old = this.get(id)
    if (old == null || old.label === label || label.trim() === '') return
    this.items = this.items.map(a => a.id === id ? { ...a, label } : a)
    this.write()
  }

  close (id: string): void {
    const before = this.items.length
    this.items = this.items.filter(a => a.id !== id)
    if (this.items.length !== before) this.write()
  }

  private read (): OpenedArchive[] {
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(KEY) ?? '[]')
      return Array.isArray(parsed) ? parsed.filter(isOpened).map(a => ({ id: a.id, label: a.label, kind: a.kind })) : []
    } catch {
      // a damaged entry is forgotten rather than breaking the app
      return []
    }
  }

  private write (): void {
    try {
      this.storage?.setItem(KEY, JSON.stringify(this.items))
    } catch {
      // storage full or refused (private mode): the list still works for this visit
    }
    this.dispatchEvent(new Event('change'))
  }
}

/** Long names (k51…, bafy…) shortened for display; the full id stays in links. */
export function shortLabel (id: string): string {
  return id.length > 24 ? `${id.slice(0, 10)}…${id.slice(-6)}` : id
}
