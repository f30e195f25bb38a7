import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'

/** Where e2e runs put screenshots (not versioned: every run rewrites them; reviewed copies are in docs/screenshots/). */
export const SCREENSHOTS = new URL('../../test-results/screenshots/', import.meta.url).pathname

/** Phone and wide screen: the layouts the app is reviewed at. */
export const WIDTHS = { phone: { width: 390, height: 844 }, wide: { width: 1280, height: 800 } } as const

/** Opens the app at `hash` and waits for the replay host to report its worker ready. */
export async function openApp (page: Page, appUrl: string, hash = '#/'): Promise<void> {
  await page.goto(`${appUrl}${hash}`)
  await page.waitForSelector('html[data-host="ready"]', { timeout: 60_000 })
}

/** Resolves once the address bar's hash satisfies `ok` (the app's routes live there). */
export async function waitForHash (page: Page, ok: (hash: string) => boolean): Promise<string> {
  await page.waitForFunction(`(${ok.toString()})(decodeURI(location.hash))`, undefined, { timeout: 30_000 })
  return page.evaluate(() => decodeURI(location.hash))
}

/** A screenshot of the current view at each reviewed width, saved as test-results/screenshots/<name>-<width>.png. */
export async function screenshots (page: Page, name: string, ready: () => Promise<unknown> = async () => {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  for (const [label, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size)
    await ready()
    await page.screenshot({ path: `${SCREENSHOTS}${name}-${label}.png` })
  }
  await page.setViewportSize(WIDTHS.wide)
}

/** How many page rows the list has in the DOM, and what it reports of its source. */
export async function listState (page: Page): Promise<{ rows: number, requests: number, length: number, first: string | undefined, last: string | undefined }> {
  return page.locator('page-list').evaluate((list: HTMLElement) => {
    const rows = [...(list.shadowRoot?.querySelectorAll<HTMLElement>('a.row') ?? [])]
    return {
      rows: list.shadowRoot?.querySelectorAll('.row').length ?? 0,
      requests: Number(list.dataset.requests),
      length: Number(list.dataset.length),
      first: rows[0]?.getAttribute('href') ?? undefined,
      last: rows.at(-1)?.getAttribute('href') ?? undefined
    }
  })
}

/** The replay view's Share panel (its own element, inside the view): its parts, by selectors that pierce shadow roots. */
export const SHARE = {
  panel: 'replay-view share-panel',
  link: 'replay-view share-panel #share-link',
  /** how the link's app address was chosen: `data-base` setting | node | current, `data-reach` machine | network | anyone */
  base: 'replay-view share-panel #share-base',
  /** the plain warning when the link works only on this machine or network */
  reach: 'replay-view share-panel #share-reach',
  ipfs: 'replay-view share-panel #share-ipfs',
  /** the IPARO's WARC from the node serving the app (`?filename=<cid>.warc&download=true`) */
  download: 'replay-view share-panel #share-download',
  gateway: 'replay-view share-panel #share-gateway',
  /** why the gateway link is offered or not (`data-offered`) */
  gatewayWhy: 'replay-view share-panel #share-gateway-why'
} as const

/** Opens the Share panel (left open, it stays so) and waits until it has heard from the node (or found none). */
export async function openShare (page: Page): Promise<void> {
  if (await page.locator(`${SHARE.panel} details[open]`).count() === 0) await page.click(`${SHARE.panel} summary`)
  await page.waitForSelector(`${SHARE.panel}[data-state="ready"] details[open]`)
}

/** The settings page's Network section and its Public app URL setting. */
export const NETWORK = {
  view: 'app-settings node-network',
  ready: 'app-settings node-network[data-state="ready"]',
  offline: 'app-settings node-network #network-offline',
  addresses: 'app-settings node-network #addresses li',
  reachability: 'app-settings node-network #reachability',
  routers: 'app-settings node-network #publish-routers',
  archive: (name: string) => `app-settings node-network .archive[data-archive="${name}"]`,
  appUrl: 'app-settings share-settings #app-url',
  appUrlSave: 'app-settings share-settings button[type=submit]'
} as const

/**
 * `<iparo-replay>` on a host page (docs/embed.md), as frame locators: the embed page (the app in embed
 * mode, on the app's origin) and, two frames further in, the archived page itself.
 */
export const EMBED = {
  element: 'iparo-replay',
  /** the element's link to the same memento in the app, in a tab of its own */
  open: 'iparo-replay a[part~="open"]',
  /** the embed page's frame, in the element's (open) shadow root */
  frame: 'iparo-replay iframe',
  /** in the embed page: the replay view, with `data-state` (loading, shown, not-archived…) */
  view: 'iparo-app replay-view',
  /** in the embed page's replay view: what writes the person's state (notes, save for offline), and sharing */
  notes: 'memento-notes',
  save: '#save',
  share: 'details.share',
  /** in the embed page: the replay host frame, then the archived page's frame inside it */
  hostFrame: '#replay-host',
  pageFrame: '#replay'
} as const

/** The archive view's search, order and list (selectors that pierce shadow roots). */
export const ARCHIVE_LIST = {
  view: 'archive-view',
  search: 'archive-view input[type=search]',
  sort: 'archive-view select[name=sort]',
  /** Pages (the default) or All URLs (`view=all` in the address) */
  show: 'archive-view select[name=view]',
  /** in the All URLs view: any type, or page, image, script, stylesheet, font, media, other */
  type: 'archive-view select[name=type]',
  /** the list's rows, each with `data-type` (its kind) and `title` (its URL) */
  rows: 'archive-view page-list a.row',
  /** "3 matches (searched 31 URLs)" (a search in key order), "3 pages" (sorted), "31 URLs" (all URLs), "12 pages (searched 31 URLs)" */
  status: 'archive-view page-list .status',
  firstTitle: 'archive-view page-list a.row[aria-posinset="1"] .title',
  /** the pages the "Not archived" state suggests */
  nearby: 'replay-view #nearby li'
} as const
