const utf8 = new TextEncoder()

/**
 * The longest WARC-Target-URI an ingest keeps, in UTF-8 bytes: 8 KiB, what common servers accept in a
 * request line. A record with a longer URI is skipped and reported (code `url-too-long`); the rest of
 * its file is ingested. The bound keeps every URL-map entry under its 64 KiB limit: the SURT key
 * (percent-escapes make it up to 3× the URI), the URI itself and a 300-character title still fit.
 */
export const MAX_URL_BYTES = 8 * 1024

/** Whether `uri` is over MAX_URL_BYTES (cheap for the usual short URI: no encoding below the bound). */
export function urlTooLong (uri: string): boolean {
  // a UTF-16 unit is at most 3 UTF-8 bytes
  if (uri.length * 3 <= MAX_URL_BYTES) return false
  return uri.length > MAX_URL_BYTES || utf8.encode(uri).byteLength > MAX_URL_BYTES
}
