import { LitElement, css, html, nothing, type PropertyValues } from 'lit'
import { appStyles, formatCount, formatDigits } from './app-styles.ts'
import { counted, type PageRow, type PageSource } from './page-source.ts'
import { routeHash } from './app-route.ts'
import { rowHeading } from './row-heading.ts'

export const ROW_HEIGHT = 56
/** rows rendered above and below the visible ones, so a small scroll never shows a gap */
const OVERSCAN = 8
/** browsers cap an element's height (Chromium near 33 M px): beyond this the scroll position is scaled */
const MAX_SCROLL_PX = 8_000_000

/**
 * A virtual list of an archive's pages: only the rows in view (plus a few) are in the DOM, placed in a
 * spacer as tall as the whole list, and the source is asked for just those rows as the person scrolls.
 * Each row links to the latest capture of its page in the replay view.
 */
export class PageList extends LitElement {
  static override properties = {
    source: { attribute: false },
    archive: { type: String },
    first: { state: true },
    viewportHeight: { state: true },
    revision: { state: true }
  }

  static override styles = [appStyles, css`
    :host { display: flex; flex-direction: column; min-height: 0; }
    .viewport { position: relative; flex: 1; overflow-y: auto; border: 1px solid var(--line); border-radius: 8px; min-height: 12rem; contain: strict; }
    .spacer { position: relative; width: 100%; }
    .row { position: absolute; left: 0; right: 0; height: ${ROW_HEIGHT}px; box-sizing: border-box; padding: .35em .8em; border-bottom: 1px solid var(--line);
      display: grid; grid-template-columns: minmax(0, 1fr) auto; column-gap: 1em; align-content: center; text-decoration: none; color: inherit; }
    a.row:hover { background: var(--soft); }
    a.row:focus-visible { outline-offset: -3px; }
    .title, .url { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .title { font-weight: 600; }
    .url { color: var(--muted); font-size: .85em; grid-column: 1; }
    .dates { grid-column: 2; grid-row: 1 / span 2; text-align: right; font-size: .8em; color: var(--muted); white-space: nowrap; align-self: center; }
    .kind { display: inline-block; font-size: .85em; padding: 0 .4em; margin-right: .4em; border-radius: 4px; background: var(--soft); color: var(--muted); }
    .redirect { font-weight: 400; }
    .placeholder { color: var(--muted); }
    .state { padding: 1em; }
    .status { font-size: .85em; color: var(--muted); padding: .3em 0; min-height: 1.4em; }
    @media (max-width: 560px) { .dates .range { display: none; } }
  `]

  source: PageSource | undefined
  archive = ''
  first = 0
  viewportHeight = 600
  revision = 0
  private frame = 0
  private readonly resize = new ResizeObserver(entries => { for (const e of entries) this.viewportHeight = e.contentRect.height || this.viewportHeight })
  private readonly onChange = (): void => { this.revision++ }

  override disconnectedCallback (): void {
    super.disconnectedCallback()
    this.resize.disconnect()
    this.source?.removeEventListener('change', this.onChange)
  }

  protected override willUpdate (changed: PropertyValues<this>): void {
    if (changed.has('source')) {
      const old = changed.get('source')
      old?.removeEventListener('change', this.onChange)
      this.source?.addEventListener('change', this.onChange)
      this.first = 0
      const viewport = this.viewport
      if (viewport != null) viewport.scrollTop = 0
    }
  }

  protected override firstUpdated (): void {
    const viewport = this.viewport
    if (viewport != null) this.resize.observe(viewport)
  }

  protected override updated (): void {
    // ask for what is on screen; the source fetches only the windows it lacks
    const { from, to } = this.visible()
    this.source?.want(from, to)
    this.dataset.rows = String(this.renderRoot.querySelectorAll('.row').length)
    this.dataset.requests = String(this.source?.requests ?? 0)
    this.dataset.length = String(this.source?.length ?? 0)
  }

  private get viewport (): HTMLElement | null {
    return this.renderRoot.querySelector('.viewport')
  }

  /** The scroll geometry: the spacer's height and how scroll pixels map to row positions. */
  private geometry (): { height: number, ratio: number } {
    const full = (this.source?.length ?? 0) * ROW_HEIGHT
    if (full <= MAX_SCROLL_PX) return { height: full, ratio: 1 }
    const view = this.viewportHeight
    return { height: MAX_SCROLL_PX, ratio: (full - view) / (MAX_SCROLL_PX - view) }
  }

  private visible (): { from: number, to: number } {
    const length = this.source?.length ?? 0
    const from = Math.max(0, this.first - OVERSCAN)
    const to = Math.min(length, this.first + Math.ceil(this.viewportHeight / ROW_HEIGHT) + OVERSCAN)
    return { from, to }
  }

  private readonly onScroll = (): void => {
    if (this.frame !== 0) return
    this.frame = requestAnimationFrame(() => {
      this.frame = 0
      const viewport = this.viewport
      if (viewport == null) return
      const { ratio } = this.geometry()
      this.first = Math.floor(viewport.scrollTop * ratio / ROW_HEIGHT)
    })
  }

  /**
   * Up and down arrows move between rows (the list scrolls to keep the focused row in view, rendering
   * it first if it was outside the rows in the DOM); the viewport itself scrolls with the usual keys.
   */
  private readonly onKeyDown = (event: KeyboardEvent): void => {
    const from = (event.target as HTMLElement).closest?.('.row')
    if (from == null || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return
    event.preventDefault()
    const index = Number(from.getAttribute('aria-posinset')) - 1 + (event.key === 'ArrowDown' ? 1 : -1)
    if (index < 0 || index >= (this.source?.length ?? 0)) return
    void this.focusRow(index)
  }

  private async focusRow (index: number): Promise<void> {
    const viewport = this.viewport
    if (viewport == null) return
    const { ratio } = this.geometry()
    const top = index * ROW_HEIGHT / ratio
    if (top < viewport.scrollTop) viewport.scrollTop = top
    else if (top + ROW_HEIGHT > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + ROW_HEIGHT - viewport.clientHeight
    this.first = Math.floor(viewport.scrollTop * ratio / ROW_HEIGHT)
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>(`.row[aria-posinset="${index + 1}"]`)?.focus()
  }

  private row (index: number, row: PageRow | undefined, top: number): unknown {
    const style = `transform: translateY(${top}px)`
    const length = this.source?.length ?? 0
    if (row == null) {
      return html`<div class="row placeholder" tabindex="-1" role="listitem" aria-posinset=${index + 1} aria-setsize=${length} style=${style}><span class="title">Loading…</span></div>`
    }
    const href = routeHash({ view: 'replay', archive: this.archive, datetime: row.last, url: row.url })
    const captures = row.count === 1 ? '1 capture' : `${formatCount(row.count)} captures`
    const heading = rowHeading(row)
    return html`<a class="row" role="listitem" aria-posinset=${index + 1} aria-setsize=${length} href=${href} style=${style}
        title=${row.url} data-type=${row.type} aria-label=${`${heading}, ${captures}, last ${formatDigits(row.last)}`}>
      <span class=${row.location != null ? 'title redirect' : 'title'}>${heading}</span>
      <span class="url">${kindBadge(row)}${row.url}</span>
      <span class="dates"><span class="range">${formatDigits(row.first).slice(0, 10)} – ${formatDigits(row.last).slice(0, 10)}</span><br>${captures}</span>
    </a>`
  }

  override render (): unknown {
    const source = this.source
    const { height, ratio } = this.geometry()
    const { from, to } = this.visible()
    const scrollTop = this.viewport?.scrollTop ?? 0
    // rows are placed relative to the scroll position when it is scaled; at ratio 1 this is index × height
    const topOf = (i: number): number => scrollTop + i * ROW_HEIGHT - scrollTop * ratio
    const rows = []
    for (let i = from; i < to; i++) rows.push(this.row(i, source?.rowAt(i), topOf(i)))
    return html`
      <div class="status" role="status" aria-live="polite">${this.statusText()}</div>
      ${source?.error != null ? html`<p class="error" role="alert">${source.error}</p>` : nothing}
      <div class="viewport" tabindex="0" role="list" aria-label="Pages in this archive" @scroll=${this.onScroll} @keydown=${this.onKeyDown}>
        <div class="spacer" style=${`height: ${Math.max(height, 1)}px`}>${rows}</div>
        ${source != null && source.settled && source.length === 0 && source.error == null ? html`<p class="state muted">No ${source.noun[1]} match.</p>` : nothing}
      </div>
    `
  }

  private statusText (): string {
    const source = this.source
    if (source == null) return ''
    if (source.length === 0 && !source.settled) return source.error != null ? '' : `Loading ${source.noun[1]}…`
    const scanned = (source as { scanned?: number }).scanned
    if (scanned != null) return `${counted(source.length, source.noun)}${source.settled ? '' : ' so far'} (searched ${formatCount(scanned)} URLs${source.settled ? '' : '…'})`
    return counted(source.length, source.noun)
  }
}

/** The kind of a URL that is not a plain page, and a status other than 200: "font", "404", "301". */
function kindBadge (row: PageRow): unknown {
  const parts = []
  if (row.type !== 'page') parts.push(row.type)
  if (row.status != null && row.status !== 200) parts.push(String(row.status))
  return parts.length === 0 ? nothing : html`<span class="kind" title=${row.typeFrom === 'url' ? 'type guessed from the URL' : row.mime ?? ''}>${parts.join(' · ')}</span>`
}

customElements.define('page-list', PageList)
