import type { UrlMapper } from './url-rewriter.ts'

// `5; url=/next`, `0;URL='…'`, `5, /next`: the delay, then the URL, quoted or not.
const REFRESH = /^(\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?)(['"]?)(.*?)(\2\s*)$/is

/** The `content` of a refresh (meta or header) with its URL, if any, made a URI-M. */
export function rewriteRefresh (content: string, urls: UrlMapper): string {
  const m = REFRESH.exec(content)
  if (m?.[3] == null || m[3] === '' || !/url\s*=|[;,]/i.test(m[1] ?? '')) return content
  return `${m[1] ?? ''}${m[2] ?? ''}${urls.rewrite(m[3], 'mp_')}${m[4] ?? ''}`
}
