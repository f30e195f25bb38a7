import { LitElement, css, html, nothing, type PropertyValues } from 'lit'
import type { ArchiveSummary } from '../core/replay/archive-api-handler.ts'
import { fetchSummary, getJsonVia, type GetJson } from './archive-api-client.ts'
import { appStyles, formatCount } from './app-styles.ts'
import type { WorkerLink } from './worker-link.ts'
import { OffsetPageSource } from './offset-page-source.ts'
import type { OpenedArchives } from './opened-archives.ts'
import { errorText, type PageSource } from './page-source.ts'
import './page-list.ts'
import { SearchPageSource } from './search-page-source.ts'
import { SORTABLE_MAX, SortedPageSource, type PageOrder } from './sorted-page-source.ts'

type Sort = 'url-asc' | 'url-desc' | PageOrder
const SEARCH_DELAY_MS = 250

/** A URL or host prefix (no spaces, a dot or a slash): listed by position; anything else is a text search. */
export function looksLikeUrl (text: string): boolean {
  return !/\s/.test(text) && /[./]/.test(text) && !/^\.|\.$/.test(text)
}

/**
 * One archive: its manifest (title, description, dates, counts, root) and its pages, searchable by URL
 * prefix or by text in URL and title, sorted by URL either way. Everything is read through the replay
 * host, so an archive this browser has seen opens offline too.
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
  source: PageSource | undefined
  private getJson: GetJson | undefined
  private searchTimer: ReturnType<typeof setTimeout> | undefined

  protected override willUpdate (changed: PropertyValues<this>): void {
    if ((changed.has('link') || changed.has('archive')) && this.link != null && this.archive !== '') {
      const link = this.link
      this.getJson = getJsonVia(async path => link.get(path))
      this.summary = undefined
      this.error = undefined
      this.query = ''
      void this.loadSummary(this.archive)
      this.source = this.makeSource()
    }
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
    const filter = text === '' ? {} : looksLikeUrl(text) ? { prefix: text } : { q: text }
    if (this.sort === 'url-asc' || this.sort === 'url-desc') {
      // key order is what the archive can list by position, either way, at any size
      if (filter.q == null) return new OffsetPageSource(this.getJson, this.archive, { ...filter, descending: this.sort === 'url-desc' })
      if (this.sort === 'url-asc') return new SearchPageSource(this.getJson, this.archive, filter.q)
    }
    return new SortedPageSource(this.getJson, this.archive, this.sort === 'url-desc' ? 'site-desc' : this.sort, filter)
  }

  override connectedCallback (): void {
    super.connectedCallback()
    window.addEventListener('keydown', this.onShortcut)
  }

  override disconnectedCallback (): void {
    window.removeEventListener('keydown', this.onShortcut)
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
    this.searchTimer = setTimeout(() => { this.source = this.makeSource() }, SEARCH_DELAY_MS)
  }

  private onSort (event: Event): void {
    this.sort = (event.target as HTMLSelectElement).value as Sort
    this.source = this.makeSource()
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
              <div><dt>Pages</dt><dd>${formatCount(s.counts.urls)}</dd></div>
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
      <form role="search" @submit=${(e: Event) => { e.preventDefault(); clearTimeout(this.searchTimer); this.source = this.makeSource() }}>
        <label class="search">Search pages: a URL or host prefix, or words in URLs and titles (press /)
          <input type="search" name="q" .value=${this.query} @input=${this.onSearch} placeholder="e.g. example.com/blog or annual report" autocomplete="off">
        </label>
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

customElements.define('archive-view', ArchiveView)
