import { createReadStream } from 'node:fs'

/**
 * The shallow fields of a JSON document too large to hold as one string (`iparo ingest --json` lists
 * every IPARO and warning): every scalar at depth ≤ `maxDepth` by its dotted path, and the length of
 * every array at that depth (`path.length`), read in one streaming pass without building the values.
 */
export class JsonFields {
  readonly fields = new Map<string, string | number | boolean | null>()
  private readonly stack: Array<{ kind: 'object' | 'array', path: string, key?: string, count: number }> = []
  private inString = false
  private escaped = false
  private text = ''
  /** the string just read is an object's key (not a value) */
  private stringIsKey = false
  private scalar = ''
  /** the next string in the current object is a key */
  private expectKey = false

  constructor (private readonly maxDepth = 2) {}

  private top (): { kind: 'object' | 'array', path: string, key?: string, count: number } | undefined {
    return this.stack[this.stack.length - 1]
  }

  private pathOfValue (): string {
    const top = this.top()
    if (top == null) return ''
    const name = top.kind === 'object' ? top.key ?? '' : String(top.count - 1)
    return top.path === '' ? name : `${top.path}.${name}`
  }

  private beginValue (): void {
    const top = this.top()
    if (top?.kind === 'array') top.count++
  }

  private record (value: string | number | boolean | null): void {
    if (this.stack.length <= this.maxDepth && this.top()?.kind === 'object') this.fields.set(this.pathOfValue(), value)
  }

  private endScalar (): void {
    if (this.scalar === '') return
    const t = this.scalar
    this.scalar = ''
    this.record(t === 'true' ? true : t === 'false' ? false : t === 'null' ? null : Number(t))
  }

  write (chunk: string): void {
    for (const c of chunk) {
      if (this.inString) {
        if (this.escaped) this.escaped = false
        else if (c === '\\') this.escaped = true
        else if (c === '"') {
          this.inString = false
          // kept as written (escapes included) until here: decoded once, whole
          const text = this.stack.length <= this.maxDepth && this.text.length < 4096 ? JSON.parse(`"${this.text}"`) as string : this.text
          if (this.stringIsKey) { const top = this.top(); if (top != null) top.key = text } else this.record(text)
          continue
        }
        // only short strings near the top are kept: the rest are skipped, not built
        if (this.stack.length <= this.maxDepth && this.text.length < 4096) this.text += c
        continue
      }
      switch (c) {
        case '"': {
          const top = this.top()
          this.stringIsKey = top?.kind === 'object' && this.expectKey
          if (!this.stringIsKey) this.beginValue()
          this.inString = true
          this.text = ''
          break
        }
        case '{': case '[': {
          this.beginValue()
          const path = this.pathOfValue()
          this.stack.push({ kind: c === '{' ? 'object' : 'array', path, count: 0 })
          this.expectKey = c === '{'
          break
        }
        case '}': case ']': {
          this.endScalar()
          const done = this.stack.pop()
          if (done?.kind === 'array' && this.stack.length <= this.maxDepth) this.fields.set(`${done.path}.length`, done.count)
          this.expectKey = false
          break
        }
        case ',':
          this.endScalar()
          this.expectKey = this.top()?.kind === 'object'
          break
        case ':':
          this.expectKey = false
          break
        case ' ': case '\n': case '\r': case '\t':
          this.endScalar()
          break
        default:
          if (this.scalar === '') this.beginValue()
          this.scalar += c
      }
    }
  }

  /** A number field, or `fallback` when absent. */
  number (path: string, fallback = 0): number {
    const v = this.fields.get(path)
    return typeof v === 'number' ? v : fallback
  }
}

/** The shallow fields of the JSON file at `path`. */
export async function readJsonFields (path: string, maxDepth = 2): Promise<JsonFields> {
  const fields = new JsonFields(maxDepth)
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) fields.write(chunk as string)
  return fields
}
