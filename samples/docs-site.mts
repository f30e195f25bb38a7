// The project's README and docs/*.md at one commit, as the small website that make-sample.mts crawls:
// `/` is README.md, `/docs/NAME.html` each docs/NAME.md, `/docs/screenshots/` two of the app's
// screenshots (when the commit has them), `/style.css` and `/logo.svg` the site's own look.
import { execFileSync } from 'node:child_process'
import { posix } from 'node:path'
import { Marked } from 'marked'

export interface SiteFile { type: string, body: Buffer }
export interface DocsSite {
  commit: string
  /** the commit's date: the crawl of this site is dated just after it */
  date: Date
  files: Map<string, SiteFile>
}

const SCREENSHOTS = ['home-wide.png', 'home-phone.png']
const HTML = 'text/html; charset=utf-8'

const STYLE = `body { margin: 0; font: 16px/1.55 system-ui, sans-serif; color: #1b2631; background: #fbfcfc; }
header { display: flex; flex-wrap: wrap; gap: .4em 1em; align-items: center; padding: .6em 1.2em; background: #1a5276; }
header a { color: #fff; text-decoration: none; }
header .home { display: flex; gap: .5em; align-items: center; font-weight: 600; font-size: 1.15em; }
header nav a { opacity: .85; font-size: .9em; }
main { max-width: 52em; margin: 0 auto; padding: 1em 1.2em 3em; }
h1, h2, h3 { color: #154360; line-height: 1.25; }
a { color: #1f618d; }
code { background: #eaf2f8; padding: .05em .3em; border-radius: 3px; font-size: .92em; }
pre { background: #eaf2f8; padding: .8em; overflow-x: auto; border-radius: 4px; }
pre code { padding: 0; }
table { border-collapse: collapse; display: block; overflow-x: auto; }
th, td { border: 1px solid #aed6f1; padding: .3em .6em; vertical-align: top; }
img.shot { max-width: 100%; border: 1px solid #aed6f1; }
footer { max-width: 52em; margin: 0 auto; padding: 1em 1.2em; color: #566573; font-size: .85em; border-top: 1px solid #d6eaf8; }
`

function git (args: string[]): Buffer {
  return execFileSync('git', args, { maxBuffer: 64 << 20 })
}

/** GitHub's heading anchors, which the docs' `page.md#section` links are written against. */
export function slug (text: string): string {
  return text.toLowerCase().replace(/<[^>]*>/g, '').replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-')
}

function escapeHtml (text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** The site path a repository file is published at, if the site has it. */
function sitePathOf (repoPath: string, pages: Set<string>): string | undefined {
  if (repoPath === 'README.md') return '/'
  const doc = /^docs\/([^/]+)\.md$/.exec(repoPath)
  if (doc != null) return pages.has(repoPath) ? `/docs/${doc[1]}.html` : undefined
  if (repoPath.replace(/\/+$/, '') === 'docs/screenshots') return pages.has('docs/screenshots/') ? '/docs/screenshots/' : undefined
  return undefined
}

/**
 * A Markdown link as the site writes it: relative between pages of the site, unchanged to other sites,
 * undefined (plain text) to files of the repository the site does not publish.
 */
function siteHref (href: string, fromRepoPath: string, fromSitePath: string, pages: Set<string>): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#')) return href
  const hash = href.indexOf('#')
  const [path, fragment] = hash < 0 ? [href, ''] : [href.slice(0, hash), href.slice(hash)]
  const target = sitePathOf(posix.join(posix.dirname(fromRepoPath), path) + (path.endsWith('/') ? '/' : ''), pages)
  if (target == null) return undefined
  const fromDir = fromSitePath.endsWith('/') ? fromSitePath : posix.dirname(fromSitePath) + '/'
  const toDir = target.endsWith('/') ? target : posix.dirname(target) + '/'
  const dir = posix.relative(fromDir, toDir)
  const name = target.endsWith('/') ? '' : posix.basename(target)
  const relative = dir === '' ? name : `${dir}/${name}`
  return (relative === '' ? './' : relative) + fragment
}

function renderMarkdown (markdown: string, fromRepoPath: string, fromSitePath: string, pages: Set<string>): string {
  const marked = new Marked({ gfm: true, async: false })
  marked.use({
    useNewRenderer: true,
    renderer: {
      heading ({ tokens, depth, text }) {
        return `<h${depth} id="${slug(text)}">${this.parser.parseInline(tokens)}</h${depth}>\n`
      },
      link ({ href, title, tokens }) {
        const inner = this.parser.parseInline(tokens)
        const target = siteHref(href, fromRepoPath, fromSitePath, pages)
        if (target == null) return inner
        return `<a href="${escapeHtml(target)}"${title != null ? ` title="${escapeHtml(title)}"` : ''}>${inner}</a>`
      }
    }
  })
  return marked.parse(markdown) as string
}

function page (title: string, body: string, sitePath: string, site: { commit: string, date: Date, docs: string[] }): Buffer {
  const dir = sitePath.endsWith('/') ? sitePath : posix.dirname(sitePath) + '/'
  const up = '../'.repeat(dir.split('/').length - 2)
  const nav = site.docs.map(d => `<a href="${up}docs/${d}.html">${d}</a>`).join('\n      ')
  return Buffer.from(`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(title)} · IPARO</title>
    <link rel="stylesheet" href="${up}style.css">
    <link rel="icon" href="${up}logo.svg" type="image/svg+xml">
  </head>
  <body>
    <header>
      <a class="home" href="${up === '' ? './' : up}"><img src="${up}logo.svg" width="28" height="28" alt="">IPARO</a>
      <nav>
      ${nav}
      </nav>
    </header>
    <main>
${body}    </main>
    <footer>IPARO's README and documentation as of commit ${site.commit.slice(0, 7)} (${site.date.toISOString().slice(0, 10)}). MIT license.</footer>
  </body>
</html>
`)
}

function titleOf (markdown: string, fallback: string): string {
  return /^#\s+(.+)$/m.exec(markdown)?.[1]?.replace(/`/g, '').trim() ?? fallback
}

function screenshotsPage (shots: string[]): string {
  return '<h1>Screenshots</h1>\n<p>Two of the web app\'s screenshots, from e2e runs.</p>\n' +
    shots.map(s => `<figure><img class="shot" src="${s}" alt="${s}"><figcaption>${s}</figcaption></figure>\n`).join('')
}

/** The site at `commit` (anything `git rev-parse` takes), built from the repository in the working directory. */
export function docsSiteAt (commit: string, logo: Buffer): DocsSite {
  const hash = git(['rev-parse', commit]).toString().trim()
  const date = new Date(git(['log', '-1', '--format=%cI', hash]).toString().trim())
  const tree = git(['ls-tree', '-r', '--name-only', hash, 'README.md', 'docs']).toString().split('\n').filter(p => p !== '')
  const docs = tree.filter(p => /^docs\/[^/]+\.md$/.test(p))
  const shots = SCREENSHOTS.filter(s => tree.includes(`docs/screenshots/${s}`))
  const pages = new Set([...docs, ...(shots.length > 0 ? ['docs/screenshots/'] : [])])
  const names = docs.map(d => posix.basename(d, '.md'))
  const meta = { commit: hash, date, docs: names }
  const files = new Map<string, SiteFile>()
  files.set('/style.css', { type: 'text/css; charset=utf-8', body: Buffer.from(STYLE) })
  files.set('/logo.svg', { type: 'image/svg+xml', body: logo })
  for (const repoPath of ['README.md', ...docs]) {
    const markdown = git(['show', `${hash}:${repoPath}`]).toString()
    const sitePath = sitePathOf(repoPath, pages) ?? '/'
    const html = renderMarkdown(markdown, repoPath, sitePath, pages)
    files.set(sitePath, { type: HTML, body: page(titleOf(markdown, repoPath), html, sitePath, meta) })
  }
  if (shots.length > 0) {
    files.set('/docs/screenshots/', { type: HTML, body: page('Screenshots', screenshotsPage(shots), '/docs/screenshots/', meta) })
    for (const s of shots) files.set(`/docs/screenshots/${s}`, { type: 'image/png', body: git(['show', `${hash}:docs/screenshots/${s}`]) })
  }
  return { commit: hash, date, files }
}
