/** A PNG of 1×1 pixel (70 bytes), binary enough that a text round trip would change it. */
export const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
export const PAGE_HTML = '<!doctype html><html><head><title>Café à la HAR</title></head><body><img src="/pixel.png"></body></html>'

type Header = [string, string]
const headers = (list: Header[]): Array<{ name: string, value: string }> => list.map(([name, value]) => ({ name, value }))

/** A HAR entry as Chromium exports one, with the parts a test varies. */
export function harEntry (o: {
  url: string
  started: string
  status: number
  statusText?: string
  httpVersion?: string
  requestHeaders?: Header[]
  responseHeaders?: Header[]
  content?: { size?: number, text?: string, encoding?: string, mimeType?: string }
  method?: string
  postData?: { mimeType: string, text?: string }
  ip?: string
}): Record<string, unknown> {
  return {
    startedDateTime: o.started,
    time: 12.5,
    request: {
      method: o.method ?? 'GET',
      url: o.url,
      httpVersion: o.httpVersion ?? 'http/1.1',
      headers: headers(o.requestHeaders ?? []),
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
      ...(o.postData != null ? { postData: o.postData } : {})
    },
    response: {
      status: o.status,
      statusText: o.statusText ?? '',
      httpVersion: o.httpVersion ?? 'http/1.1',
      headers: headers(o.responseHeaders ?? []),
      cookies: [],
      content: { mimeType: 'x-unknown', ...o.content },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 1 },
    ...(o.ip != null ? { serverIPAddress: o.ip } : {})
  }
}

/**
 * A small HAR as Chromium writes one: an HTTP/2 page (lowercase names, pseudo-headers, gzip
 * Content-Encoding over a decoded body, no reason phrase), its base64 image, a blocked request
 * (status 0), an HTTP/1.1 POST, and an entry whose body was not kept.
 */
export function sampleHar (): { log: Record<string, unknown> } {
  return {
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      pages: [{ startedDateTime: '2024-03-01T10:00:00.123+01:00', id: 'page_1', title: 'https://example.org/', pageTimings: {} }],
      entries: [
        harEntry({
          url: 'https://example.org/', started: '2024-03-01T10:00:00.123456+01:00', status: 200, httpVersion: 'h2', ip: '[2606:2800:220:1::]',
          requestHeaders: [[':authority', 'example.org'], [':method', 'GET'], [':path', '/'], [':scheme', 'https'], ['accept', 'text/html']],
          responseHeaders: [['content-type', 'text/html; charset=utf-8'], ['content-encoding', 'gzip'], ['content-length', '87'], ['set-cookie', 'a=1\nb=2']],
          content: { size: 110, text: PAGE_HTML, mimeType: 'text/html' }
        }),
        harEntry({
          url: 'https://example.org/pixel.png', started: '2024-03-01T09:00:00.200Z', status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', ip: '93.184.216.34',
          requestHeaders: [['Host', 'example.org']],
          responseHeaders: [['Content-Type', 'image/png'], ['Transfer-Encoding', 'chunked']],
          content: { size: 70, text: PNG_BASE64, encoding: 'base64', mimeType: 'image/png' }
        }),
        harEntry({ url: 'https://ads.example.net/track.js', started: '2024-03-01T09:00:00.300Z', status: 0, content: { size: 0 } }),
        harEntry({
          url: 'https://example.org/form#top', started: '2024-03-01T09:00:01Z', status: 201, method: 'POST', httpVersion: 'HTTP/1.1',
          requestHeaders: [['Host', 'example.org'], ['Content-Type', 'application/x-www-form-urlencoded']],
          postData: { mimeType: 'application/x-www-form-urlencoded', text: 'q=1' },
          responseHeaders: [['Content-Type', 'text/plain'], ['Content-Length', '2']],
          content: { size: 2, text: 'ok' }
        }),
        harEntry({ url: 'https://example.org/big.bin', started: '2024-03-01T09:00:02Z', status: 200, statusText: 'OK', content: { size: 5000 } })
      ]
    }
  }
}
