import { readFile, stat } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { replayedFrame, type ReplaySystem } from './replay-system.ts'
import type { ReplayWebPage } from './rwp-package.ts'
import { serveFiles, type StaticFile, type StaticServer } from './static-server.ts'

const EMBED = new URL('./rwp-embed.html', import.meta.url)

/**
 * ReplayWeb.page as a site would embed it: a static page with `<replay-web-page embed="replayonly">`
 * (rwp-embed.html), its `ui.js`, its service worker at `/replay/sw.js` (the `replayBase`; the worker
 * serves the inner app page there and asks for `/replay/ui.js`), and the archive beside them: a WARC,
 * which it reads whole and indexes, or a WACZ, whose index and records it reads by range. The archive
 * is read from disk per request, so it can be of any size.
 */
export async function serveReplayWebPage (rwp: ReplayWebPage, archive: string): Promise<{ server: StaticServer, source: string }> {
  const js = (path: string): StaticFile => {
    const bytes = rwp.files.get(path)
    if (bytes == null) throw new Error(`replaywebpage ${rwp.version} has no ${path}`)
    return { bytes, type: 'text/javascript' }
  }
  const source = `/${basename(archive)}`
  const { size, mtimeMs } = await stat(archive)
  const server = await serveFiles(new Map([
    ['/', { bytes: await readFile(EMBED), type: 'text/html; charset=utf-8' }],
    ['/ui.js', js('ui.js')],
    ['/replay/ui.js', js('ui.js')],
    ['/replay/sw.js', js('sw.js')],
    [source, { path: archive, size, mtimeMs, type: extname(archive) === '.wacz' ? 'application/zip' : 'application/warc' }]
  ]))
  return { server, source }
}

/**
 * Opens `/?source=WARC&url=URL&ts=DATETIME` on the static site; the replayed page is ReplayWeb.page's
 * innermost frame, `/replay/w/COLLECTION/DATETIMEmp_/URL`.
 */
export function replayWebPageReplay (siteUrl: string, source: string, name = 'replayweb.page'): ReplaySystem {
  const origin = new URL(siteUrl).origin
  return {
    name,
    async open (page, target) {
      const loaded = replayedFrame(page, at => at.origin === origin && at.pathname.startsWith('/replay/w/') && at.pathname.includes('mp_/'))
      const query = new URLSearchParams({ source, url: target.url, ts: target.datetime })
      await page.goto(new URL(`/?${query.toString()}`, siteUrl).href, { waitUntil: 'commit' })
      return loaded
    }
  }
}
