/**
 * A URI that an HTTP header can carry. Header values must be ByteStrings (the Fetch API throws on
 * anything above U+00FF) and must not hold spaces or controls; archived URLs may hold both (a WARC
 * with a Latin-1 or invalid UTF-8 byte in its target URI decodes to U+FFFD). Those characters are
 * percent-encoded as UTF-8, which is what a browser sends for them, so the URI still names the same
 * archived URL (its SURT key is unchanged). Lone surrogates, which UTF-8 cannot encode, become U+FFFD.
 */
export function headerSafeUri (uri: string): string {
  if (SAFE.test(uri)) return uri
  return uri
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(UNSAFE_RUN, run => encodeURIComponent(run))
}

const SAFE = /^[\x21-\x7e]*$/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const UNSAFE_RUN = /[^\x21-\x7e]+/g
