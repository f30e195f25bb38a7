import type { Modifier } from '../replay/replay-path.ts'
import type { UrlMapper } from './url-rewriter.ts'

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0c

/**
 * A `srcset` with each candidate's URL rewritten. Parsed as the HTML standard does: a URL runs to the
 * next whitespace (so it may contain commas); a comma ending it separates candidates.
 */
export function rewriteSrcset (srcset: string, urls: UrlMapper, modifier: Modifier = 'im_'): string {
  let out = ''
  let i = 0
  while (i < srcset.length) {
    const space = /^[\s,]*/.exec(srcset.slice(i))?.[0] ?? ''
    out += space
    i += space.length
    if (i >= srcset.length) break
    let end = i
    while (end < srcset.length && !isSpace(srcset.charCodeAt(end))) end++
    let url = srcset.slice(i, end)
    let trailing = ''
    const commas = /,+$/.exec(url)
    if (commas != null) { trailing = commas[0]; url = url.slice(0, -trailing.length) }
    out += urls.rewrite(url, modifier) + trailing
    i = end
    if (trailing !== '') continue
    // the descriptors, up to the comma that ends this candidate (parentheses may hold commas)
    let depth = 0
    let j = i
    for (; j < srcset.length; j++) {
      const c = srcset[j]
      if (c === '(') depth++
      else if (c === ')') depth = Math.max(0, depth - 1)
      else if (c === ',' && depth === 0) { j++; break }
    }
    out += srcset.slice(i, j)
    i = j
  }
  return out
}
