/**
 * A `Storage` whose writes stay in memory, for the app's embed page (docs/embed.md). Installed in place
 * of `localStorage` before the app's modules run: an embedded app reads what the person keeps in the app
 * (gateways, quota, archive names and their last roots, which pages were saved), so the worker it talks
 * to keeps the person's settings in force, and never changes any of it: the page that embeds it chose
 * the memento, not the person. Where the browser refuses storage to third-party frames (reading
 * `localStorage` then throws a SecurityError), it starts empty and the app uses its defaults.
 */
export class MemoryStorage implements Storage {
  // Storage's index signature (its items as properties); this one keeps them in `items` only
  [name: string]: unknown
  private readonly items = new Map<string, string | null>()

  /** `under`: the storage read through for what was not written here */
  constructor (private readonly under?: Storage) {}

  get length (): number { return this.keys().length }
  key (index: number): string | null { return this.keys()[index] ?? null }
  getItem (key: string): string | null {
    const k = String(key)
    return this.items.has(k) ? this.items.get(k) ?? null : this.under?.getItem(k) ?? null
  }

  setItem (key: string, value: string): void { this.items.set(String(key), String(value)) }
  removeItem (key: string): void { this.items.set(String(key), null) }
  clear (): void {
    for (const k of this.keys()) this.items.set(k, null)
  }

  private keys (): string[] {
    const all = new Set(this.items.keys())
    for (let i = 0; i < (this.under?.length ?? 0); i++) { const k = this.under?.key(i); if (k != null) all.add(k) }
    return [...all].filter(k => this.getItem(k) != null)
  }
}

/** Puts a `MemoryStorage` over the window's own `localStorage` (if the browser lets this frame read it). */
export function useMemoryStorage (target: object = globalThis): MemoryStorage {
  let under: Storage | undefined
  try {
    under = (target as { localStorage?: Storage }).localStorage
  } catch {
    // third-party storage refused: nothing to read through
  }
  const storage = new MemoryStorage(under)
  Object.defineProperty(target, 'localStorage', { value: storage, configurable: true, enumerable: true })
  return storage
}
