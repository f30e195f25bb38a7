import { InvalidInputError } from '../errors.ts'

export type HeaderPair = readonly [name: string, value: string]

/**
 * Ordered header fields as written, with case-insensitive look-up. Immutable: `with` and
 * `without` return changed copies, so a record's parsed headers can be shared while an ingest
 * derives rewritten ones (new Content-Length, digests) from them.
 */
export class HeaderFields {
  protected readonly pairs: ReadonlyArray<HeaderPair>
  // lower-cased names, parallel to pairs: header sets are small, a linear scan beats a Map here
  private readonly lower: readonly string[]

  /**
   * With `lower` (the names lower-cased, parallel to `pairs`), both arrays are taken as they are, not
   * copied: the caller (a parser that built them, or `derive`) gives them up.
   */
  constructor (pairs: Iterable<HeaderPair> = [], lower?: string[]) {
    if (lower != null && Array.isArray(pairs)) {
      this.pairs = pairs as HeaderPair[]
      this.lower = lower
      return
    }
    const copy: HeaderPair[] = []
    for (const [name, value] of pairs) copy.push([name, value])
    this.pairs = copy
    this.lower = copy.map(([name]) => name.toLowerCase())
  }

  /** An instance of this class over arrays this class built (no copy, no lower-casing again). */
  private derive (pairs: HeaderPair[], lower: string[]): this {
    // Through the constructor, not Object.create: every instance then has the same hidden class, and
    // the ingest's header readers stay monomorphic (a second shape cost them a recompilation each).
    const Class = this.constructor as new (pairs: HeaderPair[], lower: string[]) => this
    return new Class(pairs, lower)
  }

  get size (): number {
    return this.pairs.length
  }

  /** The first value under `name`, as written. */
  get (name: string): string | undefined {
    const i = this.lower.indexOf(name.toLowerCase())
    return i === -1 ? undefined : this.pairs[i]?.[1]
  }

  getAll (name: string): string[] {
    const key = name.toLowerCase()
    const out: string[] = []
    for (let i = 0; i < this.pairs.length; i++) {
      if (this.lower[i] === key) out.push(this.pairs[i]?.[1] ?? '')
    }
    return out
  }

  has (name: string): boolean {
    return this.lower.includes(name.toLowerCase())
  }

  * entries (): IterableIterator<[string, string]> {
    for (const [name, value] of this.pairs) yield [name, value]
  }

  [Symbol.iterator] (): IterableIterator<[string, string]> {
    return this.entries()
  }

  /**
   * A copy where `name` has exactly this one value: the first occurrence keeps its position
   * (and its spelling of the name), later ones go; a new name is appended.
   */
  with (name: string, value: string): this {
    checkField(name, value)
    const key = name.toLowerCase()
    const out: HeaderPair[] = []
    const lower: string[] = []
    let done = false
    for (let i = 0; i < this.pairs.length; i++) {
      const pair = this.pairs[i]
      const low = this.lower[i]
      if (pair == null || low == null) continue
      if (low !== key) out.push(pair)
      else if (!done) { out.push([pair[0], value]); done = true }
      else continue
      lower.push(low)
    }
    if (!done) { out.push([name, value]); lower.push(key) }
    return this.derive(out, lower)
  }

  /** A copy with every value passed through `map` (given the name as written and lower-cased), in place. */
  mapValues (map: (name: string, value: string, lower: string) => string): this {
    const out: HeaderPair[] = []
    for (let i = 0; i < this.pairs.length; i++) {
      const pair = this.pairs[i]
      const low = this.lower[i]
      if (pair == null || low == null) continue
      const value = map(pair[0], pair[1], low)
      if (value !== pair[1]) checkField(pair[0], value)
      out.push(value === pair[1] ? pair : [pair[0], value])
    }
    return this.derive(out, this.lower.slice())
  }

  /** A copy with one more field at the end, even if the name is already present. */
  withAppended (name: string, value: string): this {
    checkField(name, value)
    return this.derive([...this.pairs, [name, value]], [...this.lower, name.toLowerCase()])
  }

  /** A copy without any field under `name`. */
  without (name: string): this {
    const key = name.toLowerCase()
    return this.derive(this.pairs.filter((_, i) => this.lower[i] !== key), this.lower.filter(low => low !== key))
  }

  /** `Name: value\r\n` per field, no start line, no blank line. */
  protected fieldLines (): string {
    let out = ''
    for (const [name, value] of this.pairs) out += `${name}: ${value}\r\n`
    return out
  }
}

function checkField (name: string, value: string): void {
  // a line break would smuggle a field (or end the head) when the headers are written back
  if (!/^[^\s:]+$/.test(name)) throw new InvalidInputError(`not a header field name: ${JSON.stringify(name)}`)
  if (/[\r\n]/.test(value)) throw new InvalidInputError(`header ${name}: value contains a line break`)
}
