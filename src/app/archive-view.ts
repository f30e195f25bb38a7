import { LitElement, css, html, nothing, type PropertyValues } from 'lit'
import type { ArchiveSummary } from '../core/replay/archive-api-handler.ts'
import { fetchSummary, getJsonVia, type GetJson } from './archive-api-client.ts'
import { appStyles, formatCount } from './app-styles.ts'
import type { WorkerLink } from './worker-link.ts'
import { OffsetPageSource } from './offset-page-source.ts'
import type { OpenedArchives } from './opened-archives.ts'
import { errorText, type PageSource } from './page-source.ts'
import './page-list.ts'
import { SearchPageSource, type ScanFilter } from './search-page-source.ts'
import { SORTABLE_MAX, SortedPageSource } from './sorted-page-source.ts'
import { parseRoute, routeHash } from './app-route.ts'
import { DEFAULT_LIST, listedType, sameList, type ListState, type ListView, type Sort } from './list-address.ts'
import { PAGE_KINDS, type PageKind } from '../core/replay/page-kind.ts'

const SEARCH_DELAY_MS = 250

/** A URL or host prefix (no spaces, a dot or a slash): listed by position; anything else is a text search. */
export function looksLikeUrl (text: string): boolean {
  return !/\s/.test(text) && /[./]/.test(text) && !/^\.|\.$/.test(text)
}

/**
 * One archive: its manifest (title, description, dates, counts, root) and its pages (HTML documents
 * answered 200, and the pages a crawl listed), or all its URLs, resources too, narrowed to one kind
 * (fonts, images…); searchable by URL prefix or by text in URL and title, sorted by URL either way.
 * Everything is read through the replay host, so an archive this browser has seen opens offline too.
 *
 * The search, the order, the view and the kind live in the address (`#/<archive>?q=…&sort=…&view=all&type=font`,
 * app-route.ts) so that a search
 * can be shared and bookmarked: the view reads them when it opens and when the hash changes (Back,
 * Forward, an edited address), and writes them as they change, without reloading: a deliberate change
 * (the order, a new search) adds a history entry, further typing in the same search replaces it.
 */
export class ArchiveView extends LitElement {
  static override properties = {
    link: { attribute: false },
    archive: { type: String },
    opened: { attribute: false },
    summary: { state: true },
    error: { state: true },
    query: { state: true },
    sort: { state: true },
    view: { state: true },
    type: { state: true },
    source: { state: true }
  }

  static override styles = [appStyles, css`
    :host { display: flex; flex-direction: column; gap: .8em; min-height: 0; height: 100%; box-sizing: border-box; }
    header { display: grid; gap: .3em; }
    .facts { display: flex; flex-wrap: wrap; gap: .3em 1.2em; margin: 0; font-size: .9em; }
    .facts div { display: flex; gap: .4em; }
    .facts dt { color: var(--muted); }
    .facts dd { margin: 0; }
    .description { margin: 0; }
    summary { font-size: .85em; cursor: pointer; }
    @media (max-width: 560px) { .description { font-size: .9em; } }
    form { display: flex; flex-wrap: wrap; gap: .5em; align-items: end; }
    label { display: grid; gap: .2em; font-size: .85em; color: var(--muted); }
    label.search { flex: 1 1 16em; }
    page-list { flex: 1; min-height: 16rem; }
  `]

  link: WorkerLink | undefined
  archive = ''
  opened: OpenedArchives | undefined
  summary: ArchiveSummary | undefined
  error: string | undefined
  query = ''
  sort: Sort = 'url-asc'
  view: ListView = 'pages'
  type: PageKind | undefined
  source: PageSource | undefined
  private getJson: GetJson | undefined
  private searchTimer: ReturnType<typeof setTimeout> | undefined
  /** the current history entry is the search being typed: more typing replaces it rather than adding one */
  private typing = false

  protected override willUpdate (changed: PropertyValues<this>): void {
    if ((changed.has('link') || changed.has('archive')) && this.link != null && this.archive !== '') {
      const link = this.link
      this.getJson = getJsonVia(async path => link.get(path))
      this.summary = undefined
      this.error = undefined
      this.applyList(this.addressList() ?? DEFAULT_LIST)
      void this.loadSummary(this.archive)
      this.source = this.makeSource()
    }
  }

  /** The list state the address gives this archive, or undefined when the address is not this archive's list. */
  private addressList (): ListState | undefined {
    const route = parseRoute(location.hash)
    return route.view === 'archive' && route.archive === this.archive ? route.list ?? DEFAULT_LIST : undefined
  }

  private applyList (list: ListState): void {
    clearTimeout(this.searchTimer)
    this.typing = false
    this.query = list.q
    this.sort = list.sort
    this.view = list.view
    this.type = list.view === 'all' ? list.type : undefined
  }

  /** The list the view shows now. */
  private get list (): ListState {
    return { q: this.query, sort: this.sort, view: this.view, ...(this.view === 'all' && this.type != null ? { type: this.type } : {}) }
  }

  /** Back, Forward or an edited address to another search of this archive: shown without reopening the view. */
  private readonly onHashChange = (): void => {
    const list = this.addressList()
    if (list == null || sameList(list, this.list)) return
    this.applyList(list)
    this.source = this.makeSource()
  }

  /** Puts the list shown in the address: `push` adds a history entry, `replace` rewrites the current one. */
  private writeAddress (mode: 'push' | 'replace'): void {
    const shown = this.addressList()
    const list = this.list
    // not this archive's address any more (the view is closing), or already the list shown
    if (shown == null || sameList(shown, list)) return
    const hash = routeHash({ view: 'archive', archive: this.archive, list })
    if (mode === 'push') history.pushState(null, '', hash)
    else history.replaceState(null, '', hash)
  }

  private async loadSummary (archive: string): Promise<void> {
    if (this.getJson == null) return
    try {
      const summary = await fetchSummary(this.getJson, archive)
      if (archive !== this.archive) return
      this.summary = summary
      this.opened?.relabel(archive, summary.manifest.title)
      // the archive exists: the shell remembers it (a link to nothing is not remembered)
      this.dispatchEvent(new CustomEvent('archive-found', { detail: { archive, label: summary.manifest.title }, bubbles: true, composed: true }))
    } catch (err) {
      if (archive === this.archive) this.error = errorText(err)
    }
  }

  private makeSource (): PageSource | undefined {
    if (this.getJson == null) return undefined
    const text = this.query.trim()
    const type = listedType(this.list)
    const filter: ScanFilter = { ...(text === '' ? {} : looksLikeUrl(text) ? { prefix: text } : { q: text }), ...(type != null ? { type } : {}) }
    if (this.sort === 'url-asc' || this.sort === 'url-desc') {
      // key order is what the archive can list by position, either way, at any size: every URL, counted
      if (filter.q == null && type == null) return new OffsetPageSource(this.getJson, this.archive, { ...(filter.prefix != null ? { prefix: filter.prefix } : {}), descending: this.sort === 'url-desc' })
      // a kind or words: found by scanning in key order, as the person scrolls
      if (this.sort === 'url-asc') return new SearchPageSource(this.getJson, this.archive, filter)
    }
    return new SortedPageSource(this.getJson, this.archive, this.sort === 'url-desc' ? 'site-desc' : this.sort, filter)
  }

  override connectedCallback (): void {
    super.connectedCallback()
    window.addEventListener('keydown', this.onShortcut)
    window.addEventListener('hashchange', this.onHashChange)
  }

  override disconnectedCallback (): void {
    window.removeEventListener('keydown', this.onShortcut)
    window.removeEventListener('hashchange', this.onHashChange)
    clearTimeout(this.searchTimer)
    super.disconnectedCallback()
  }

  /** `/` goes to the search field, as on most sites with a list to search. */
  private readonly onShortcut = (event: KeyboardEvent): void => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return
    const typing = event.composedPath().some(t => t instanceof HTMLElement && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable))
    if (typing) return
    event.preventDefault()
    this.renderRoot.querySelector<HTMLInputElement>('input[type=search]')?.focus()
  }

  private onSearch (event: InputEvent): void {
    this.query = (event.target as HTMLInputElement).value
    clearTimeout(this.searchTimer)
    this.searchTimer = setTimeout(() => { this.search() }, SEARCH_DELAY_MS)
  }

  /** Runs the search typed: its first step adds a history entry, the next ones (more typing) replace it. */
  private search (): void {
    clearTimeout(this.searchTimer)
    this.source = this.makeSource()
    this.writeAddress(this.typing ? 'replace' : 'push')
    this.typing = true
  }

  private onSort (event: Event): void {
    this.sort = (event.target as HTMLSelectElement).value as Sort
    this.changed()
  }

  private onView (event: Event): void {
    this.view = (event.target as HTMLSelectElement).value === 'all' ? 'all' : 'pages'
    if (this.view === 'pages') this.type = undefined
    this.changed()
  }

  private onType (event: Event): void {
    const value = (event.target as HTMLSelectElement).value
    this.type = PAGE_KINDS.find(k => k === value)
    this.changed()
  }

  /** A deliberate change of the list (order, view, kind): a new list and a history entry. */
  private changed (): void {
    this.source = this.makeSource()
    this.typing = false
    this.writeAddress('push')
  }

  override render (): unknown {
    const s = this.summary
    return html`
      <header>
        <h1 id="archive-title">${s?.manifest.title ?? (this.error != null ? 'Archive' : 'Opening archive…')}</h1>
        ${s?.manifest.description != null && s.manifest.description !== '' ? html`<p class="description">${s.manifest.description}</p>` : nothing}
        ${this.error != null ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        ${s != null
          ? html`<dl class="facts">
              <div><dt>URLs</dt><dd>${formatCount(s.counts.urls)}</dd></div>
              <div><dt>Captures</dt><dd>${formatCount(s.counts.mementos)}</dd></div>
              <div><dt>Created</dt><dd>${s.manifest.created.slice(0, 10)}</dd></div>
            </dl>
            <details>
              <summary class="muted">Archive identifiers</summary>
              <dl class="facts">
                <div><dt>Archive</dt><dd class="mono">${s.archive}</dd></div>
                <div><dt>Root CID</dt><dd class="mono">${s.root}</dd></div>
              </dl>
            </details>`
          : nothing}
      </header>
      ${this.error != null
        ? html`<p><a href="#/">Back to the archives</a> · <a href="#/app/settings">Check the gateways</a></p>`
        : this.renderList()}
    `
  }

  private renderList (): unknown {
    return html`
      <form role="search" @submit=${(e: Event) => { e.preventDefault(); this.search(); this.typing = false }}>
        <label class="search">Search ${this.view === 'pages' ? 'pages' : 'URLs'}: a URL or host prefix, or words in URLs and titles (press /)
          <input type="search" name="q" .value=${this.query} @input=${this.onSearch} @change=${() => { this.typing = false }} placeholder="e.g. example.com/blog or annual report" autocomplete="off">
        </label>
        <label>Show
          <select name="view" @change=${this.onView} .value=${this.view}>
            <option value="pages">Pages</option>
            <option value="all">All URLs</option>
          </select>
        </label>
        ${this.view === 'all'
          ? html`<label>Type
              <select name="type" @change=${this.onType}>
                <option value="" .selected=${this.type == null}>Any type</option>
                ${PAGE_KINDS.map(k => html`<option value=${k} .selected=${this.type === k}>${KIND_LABELS[k]}</option>`)}
              </select>
            </label>`
          : nothing}
        <label>Sort
          <select name="sort" @change=${this.onSort} .value=${this.sort} aria-describedby="sort-note">
            <option value="url-asc">Domain read from the end (.com, .net…), A → Z</option>
            <option value="url-desc">Domain read from the end, Z → A</option>
            <option value="host">Host as written (a.example.us), A → Z</option>
            <option value="newest">Newest capture first</option>
            <option value="oldest">Oldest capture first</option>
            <option value="captures">Most captures first</option>
            <option value="title">Title, A → Z</option>
          </select>
        </label>
      </form>
      <p id="sort-note" class="visually-hidden">The archive is kept in domain order read from the end (example.net before example.us): that order works at any size; the others on lists of up to ${SORTABLE_MAX} pages.</p>
      <page-list .source=${this.source} archive=${this.archive} aria-labelledby="archive-title"></page-list>
    `
  }
}

const KIND_LABELS: Record<PageKind, string> = {
  page: 'Pages', image: 'Images', script: 'Scripts', stylesheet: 'Stylesheets', font: 'Fonts', media: 'Audio and video', other: 'Other'
}

customElements.define('archive-view', ArchiveView)
