import type { UrlMapper } from './url-rewriter.ts'

// `url(…)` quoted or not, and `@import "…"` (the url() form of @import is the first pattern's).
const URL_FUNCTION = /(\burl\(\s*)(?:"((?:\\.|[^"\\\n])*)"|'((?:\\.|[^'\\\n])*)'|((?:\\.|[^"'\\()\s])*))(\s*\))/gi
const IMPORT_STRING = /(@import\s+)(["'])((?:\\.|(?!\2)[^\\\n])*)(\2)/gi

/**
 * CSS with every `url()` and `@import` pointing into the archive: images, fonts and the like as `im_`,
 * imported style sheets as `cs_`. Anything else is left byte for byte.
 */
export function rewriteCss (css: string, urls: UrlMapper): string {
  if (!/url\(|@import/i.test(css)) return css
  return css
    .replace(URL_FUNCTION, (whole, open: string, double: string | undefined, single: string | undefined, bare: string | undefined, close: string, offset: number) => {
      const quote = double != null ? '"' : single != null ? "'" : ''
      const url = double ?? single ?? bare ?? ''
      const before = css.slice(Math.max(0, offset - 16), offset)
      const modifier = before.trimEnd().toLowerCase().endsWith('@import') && before !== before.trimEnd() ? 'cs_' : 'im_'
      const plain = unescapeCss(url)
      const rewritten = urls.rewrite(plain, modifier)
      return rewritten === plain ? whole : `${open}${quote}${escapeCss(rewritten, quote)}${quote}${close}`
    })
    .replace(IMPORT_STRING, (whole, start: string, quote: string, url: string, end: string) => {
      const plain = unescapeCss(url)
      const rewritten = urls.rewrite(plain, 'cs_')
      return rewritten === plain ? whole : `${start}${quote}${escapeCss(rewritten, quote)}${end}`
    })
}

// Only the simple escapes URLs use (`\)`, `\"`, `\ `); hex escapes are kept, and resolve the same.
const unescapeCss = (s: string): string => s.replace(/\\([^0-9a-fA-F\n])/g, '$1')

function escapeCss (s: string, quote: string): string {
  if (quote !== '') return s.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`)
  return s.replace(/[\s()'"\\]/g, c => `\\${c}`)
}
