/** A page a WACZ names: the URL a crawl was asked to capture (or found), with what it recorded of it. */
export interface PageMark {
  url: string
  /** when it was captured, as pages.jsonl gives it (ISO 8601) */
  ts?: string
  title?: string
}

export interface PagesBatch {
  pages: PageMark[]
  /** lines that are no page: not JSON, or no URL (the header line excepted) */
  warnings: Array<{ line: number, message: string }>
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * One line of a pages file. The first line is a header (`{"format": "json-pages-1.0", …}`) and has
 * no URL; every other line is a page. A bad line is a warning, never the end of the file.
 */
export function parsePageLine (text: string, line: number, into: PagesBatch): void {
  const trimmed = text.trim()
  if (trimmed === '') return
  let json: unknown
  try {
    json = JSON.parse(trimmed)
  } catch {
    into.warnings.push({ line, message: `line ${line} is not JSON` })
    return
  }
  if (!isRecord(json)) {
    into.warnings.push({ line, message: `line ${line} is not a JSON object` })
    return
  }
  if (typeof json.url !== 'string' || json.url === '') {
    if (line === 1 && typeof json.format === 'string') return
    into.warnings.push({ line, message: `line ${line} names no page URL` })
    return
  }
  const page: PageMark = { url: json.url }
  if (typeof json.ts === 'string' && json.ts !== '') page.ts = json.ts
  if (typeof json.title === 'string' && json.title.trim() !== '') page.title = json.title.trim()
  into.pages.push(page)
}

/**
 * A pages file's pages, read line by line as its bytes arrive, in batches of up to `batch` pages
 * (a crawl's pages file may list millions).
 */
export async function * readPages (chunks: AsyncIterable<Uint8Array>, batch = 1000): AsyncGenerator<PagesBatch> {
  const decoder = new TextDecoder()
  let rest = ''
  let line = 0
  let out: PagesBatch = { pages: [], warnings: [] }
  const take = (text: string): void => { parsePageLine(text, ++line, out) }
  for await (const chunk of chunks) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n')
    rest = lines.pop() ?? ''
    for (const l of lines) take(l)
    if (out.pages.length >= batch) {
      yield out
      out = { pages: [], warnings: [] }
    }
  }
  take(rest + decoder.decode())
  if (out.pages.length > 0 || out.warnings.length > 0) yield out
}
