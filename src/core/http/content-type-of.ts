/** The app's own file types, by extension: what the node serves them as, and the worker its kept copies. */
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8', json: 'application/json', webmanifest: 'application/manifest+json',
  svg: 'image/svg+xml', png: 'image/png', ico: 'image/x-icon', woff2: 'font/woff2', txt: 'text/plain; charset=utf-8',
  map: 'application/json', wasm: 'application/wasm', warc: 'application/warc', gz: 'application/gzip'
}

/** The Content-Type of a file by its name's extension; `application/octet-stream` when unknown. */
export function contentTypeOf (path: string): string {
  const m = /\.([a-z0-9]+)$/i.exec(path)
  return (m?.[1] != null ? TYPES[m[1].toLowerCase()] : undefined) ?? 'application/octet-stream'
}
