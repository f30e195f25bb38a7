import type { UrlRewriter } from './url-rewriter.ts'

// Static `import … from "x"`, `import "x"`, `export … from "x"` and dynamic `import("x")` with a literal.
const SPECIFIER = /(\bimport\s*\(\s*|\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?|\bexport\s*(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*)(["'])([^"'\n]+)\2/g

/**
 * Module scripts keep their imports in the archive: specifiers that are URLs (absolute, root- or
 * dot-relative) become URI-Ms as scripts (`js_`); bare specifiers are the import map's, left alone.
 * Classic scripts are not rewritten: the client script catches what they ask for at run time.
 */
/** A specifier that names a URL (absolute, root- or dot-relative), not a bare name the import map resolves. */
const URL_SPECIFIER = /^(?:https?:|\/|\.\.?\/)/i

export function rewriteModuleImports (js: string, urls: UrlRewriter): string {
  if (!/\bimport\b|\bexport\b/.test(js)) return js
  return js.replace(SPECIFIER, (whole, head: string, quote: string, specifier: string) => {
    if (!URL_SPECIFIER.test(specifier)) return whole
    return `${head}${quote}${urls.rewrite(specifier, 'js_')}${quote}`
  })
}

/** An import map with its addresses and scope keys pointing into the archive (bare keys stay keys). */
export function rewriteImportMap (json: string, urls: UrlRewriter): string {
  let map: unknown
  try {
    map = JSON.parse(json)
  } catch {
    return json // not JSON: the browser ignores it too
  }
  if (typeof map !== 'object' || map == null) return json
  const addresses = (value: unknown): unknown => {
    if (typeof value !== 'object' || value == null) return value
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [
      URL_SPECIFIER.test(k) ? urls.rewrite(k, 'js_') : k,
      typeof v === 'string' ? urls.rewrite(v, 'js_') : v
    ]))
  }
  const m = map as Record<string, unknown>
  const out: Record<string, unknown> = { ...m }
  if ('imports' in m) out.imports = addresses(m.imports)
  if (typeof m.scopes === 'object' && m.scopes != null) {
    out.scopes = Object.fromEntries(Object.entries(m.scopes).map(([scope, v]) => [urls.rewrite(scope, 'js_'), addresses(v)]))
  }
  if ('integrity' in m) delete out.integrity
  return JSON.stringify(out)
}
