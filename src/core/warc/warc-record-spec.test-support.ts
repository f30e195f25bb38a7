export interface RecordSpec {
  type?: string
  id: string
  content: string
  /** Content-Length to write instead of the real one ('' leaves the field out). */
  length?: number | string
  eol?: string
}

/** A WARC record as text, with its Content-Length (or a wrong one, or none) as the test asks. */
export function warcRecord ({ type = 'resource', id, content, length, eol = '\r\n' }: RecordSpec): string {
  const lines = ['WARC/1.0', `WARC-Type: ${type}`, `WARC-Record-ID: <urn:uuid:${id}>`, 'WARC-Target-URI: http://example.com/' + id]
  if (length !== '') lines.push(`Content-Length: ${length ?? content.length}`)
  return lines.join(eol) + eol + eol + content + eol + eol
}

export const A = 'aaaaaaaa-0000-0000-0000-000000000000'
export const B = 'bbbbbbbb-0000-0000-0000-000000000000'
export const C = 'cccccccc-0000-0000-0000-000000000000'
