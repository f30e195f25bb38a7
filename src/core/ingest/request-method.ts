/** RFC 9110 `token`: what a method must be (`GETX` is one; `HTTP/1.1` is not). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
/** A protocol name with a version (`HTTP1.1`, `HTTP2`): a token, but a status line's, not a method. */
const HTTP_VERSION = /^HTTP[A-Z]*\/?\d/i

export interface RequestMethod {
  /** the method the capture is keyed and replayed by */
  method: string
  /** set when the request line's first word is no method: the word as written, replaced by GET */
  replaced?: string
}

/**
 * The method of a request record's request line. A line that is no request line (a response's status
 * line written into a request record, `HTTP/1.1 200 OK`) names no method: the capture is paired as a
 * GET, the method a crawler's request most likely was, rather than made unreachable under a key no
 * replay asks for. Any other token is kept as written (docs/url-map.md, "Request keys").
 */
export function requestMethod (written: string): RequestMethod {
  if (TOKEN.test(written) && !HTTP_VERSION.test(written)) return { method: written }
  return { method: 'GET', replaced: written }
}
