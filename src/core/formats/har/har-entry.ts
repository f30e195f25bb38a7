import { HarFormatError } from './har-format-error.ts'

/** A name and value of a HAR `headers` list. */
export interface HarHeader { name: string, value: string }

/** The parts of a HAR 1.2 entry the conversion reads (Chromium, Firefox and Playwright write them). */
export interface HarEntry {
  startedDateTime: string
  serverIPAddress?: string
  request: {
    method: string
    url: string
    httpVersion: string
    headers: HarHeader[]
    postData?: { mimeType?: string, text?: string }
  }
  /** absent or with a status of 0 or less when the browser got no response (blocked, aborted, failed) */
  response?: {
    status: number
    statusText: string
    httpVersion: string
    headers: HarHeader[]
    content: { size?: number, text?: string, encoding?: string }
    /** the body's bytes on the wire (compressed, chunked), -1 or absent when unknown */
    bodySize?: number
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string => typeof v === 'string' ? v : ''

/** The entries of a parsed HAR file: `{ log: { entries: [...] } }`, else a HarFormatError. */
export function harEntries (har: unknown): unknown[] {
  if (!isObject(har) || !isObject(har.log)) throw new HarFormatError('not a HAR file: the JSON has no "log" object')
  if (!Array.isArray(har.log.entries)) throw new HarFormatError('not a HAR file: its "log" has no "entries" list')
  return har.log.entries
}

function headers (v: unknown): HarHeader[] {
  if (!Array.isArray(v)) return []
  const out: HarHeader[] = []
  for (const h of v) if (isObject(h) && typeof h.name === 'string') out.push({ name: h.name, value: str(h.value) })
  return out
}

/** One entry's fields, or the reason it cannot be read (no request URL, no start time). */
export function readHarEntry (v: unknown): HarEntry | string {
  if (!isObject(v) || !isObject(v.request)) return 'HAR entry without request'
  const req = v.request
  if (typeof req.url !== 'string' || req.url === '') return 'HAR entry without request URL'
  if (typeof v.startedDateTime !== 'string') return 'HAR entry without startedDateTime'
  const entry: HarEntry = {
    startedDateTime: v.startedDateTime,
    request: { method: str(req.method) || 'GET', url: req.url, httpVersion: str(req.httpVersion), headers: headers(req.headers) }
  }
  if (isObject(req.postData)) entry.request.postData = { mimeType: str(req.postData.mimeType), ...(typeof req.postData.text === 'string' ? { text: req.postData.text } : {}) }
  if (typeof v.serverIPAddress === 'string' && v.serverIPAddress !== '') entry.serverIPAddress = v.serverIPAddress
  const res = v.response
  if (isObject(res) && typeof res.status === 'number') {
    const content = isObject(res.content) ? res.content : {}
    entry.response = {
      status: res.status,
      statusText: str(res.statusText),
      httpVersion: str(res.httpVersion),
      headers: headers(res.headers),
      ...(typeof res.bodySize === 'number' ? { bodySize: res.bodySize } : {}),
      content: {
        ...(typeof content.size === 'number' ? { size: content.size } : {}),
        ...(typeof content.text === 'string' ? { text: content.text } : {}),
        ...(typeof content.encoding === 'string' ? { encoding: content.encoding } : {})
      }
    }
  }
  return entry
}
