import type { Modifier } from '../replay/replay-path.ts'

const ICON = /^(?:icon|.+-icon|apple-touch-icon-precomposed|image_src)$/

/**
 * The URI-M modifier of what a link loads, from its `rel` and `as`: the one answer for a `<link>` in a
 * served page, one a script adds or changes, and an entry of an archived `Link` header, so the same link
 * is replayed alike wherever it was written (embeds are served in place, pages redirected to their capture).
 */
export function linkModifier (rel: string, as: string): Modifier {
  const rels = rel.toLowerCase().split(/[\t\n\f\r ]+/)
  const kind = as.trim().toLowerCase()
  if (rels.includes('stylesheet') || kind === 'style') return 'cs_'
  if (rels.includes('modulepreload') || kind === 'script' || kind === 'worker') return 'js_'
  if (rels.some(r => ICON.test(r)) || kind === 'image' || kind === 'font') return 'im_'
  if (rels.includes('preload') || rels.includes('prefetch')) return 'oe_'
  return 'mp_'
}

/** A parameter of a `Link` header entry (`; rel="preload stylesheet"`, `; as=style`), unquoted; '' when absent. */
export function linkParam (params: string, name: string): string {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;,\\s]*))`, 'i').exec(params)
  return m?.[1] ?? m?.[2] ?? ''
}
