import { LitElement, css, html, type PropertyValues } from 'lit'
import type { FromHost, SaveProgress } from '../messages/replay-messages.ts'
import { parseUserDatetime, toDigits14, toEpochMs } from '../core/datetime.ts'
import { replayFailure, type ReplayFailure } from '../core/replay/replay-failure.ts'
import { gatewayLink, ipfsLink, parseReplayTarget, replayLink, replayPath, type ReplayTarget } from '../core/replay/replay-link.ts'
import { closestVersion, indexOfVersion, type Version } from '../core/timeline/merge-versions.ts'
import { fetchPages, getJsonVia } from './archive-api-client.ts'
import type { WorkerLink } from './worker-link.ts'
import { aggregateVersions } from './memento-aggregator.ts'
import { loadSavedPages, rememberSavedPage } from './owned-settings.ts'
import { readableDatetime, versionKey, type TimelineSource } from './memento-timeline.ts'
import './memento-timeline.ts'

/** An archive the timeline merges (the shell's OpenedArchive fits). */
export interface TimelineArchive { id: string, label: string }

/** `replay-navigate` detail: where the view now is, and whether a person (push) or the frame (replace) moved it. */
export interface ReplayNavigate extends ReplayTarget { cause: 'user' | 'frame' }

type Phase = 'idle' | 'loading' | 'shown' | ReplayFailure['kind']

const GATEWAY_KEY = 'iparo.publicGateway'
const DEFAULT_GATEWAY = 'https://ipfs.io'

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))

/**
 * The replay view: a URL bar with a datetime, the replay frame (the shell's iframe, slotted so it is
 * never moved), a banner with the memento's datetime and archive, first/prev/next/last through the
 * versions of every opened archive, the timeline, share links and "save for offline". It follows the
 * frame (`navigated` from the host) and says why a page does not show.
 */
export class ReplayView extends LitElement {
  static override properties = {
    link: { attribute: false },
    archive: {},
    datetime: {},
    url: {},
    archives: { attribute: false },
    versions: { state: true },
    sources: { state: true },
    phase: { state: true },
    failure: { state: true },
    nearby: { state: true },
    pageTitle: { state: true },
    progress: { state: true },
    saveStatus: { state: true },
    savedPages: { state: true },
    gateway: { state: true },
    notice: { state: true }
  }

  static override styles = css`
    :host { display: flex; flex-direction: column; min-height: 0; height: 100%; font: 14px system-ui, sans-serif; color: #222; }
    :host([hidden]) { display: none; }
    header { display: flex; flex-direction: column; gap: .4em; padding: .5em; border-bottom: 1px solid #ccc; background: #fff; }
    form { display: flex; gap: .4em; flex-wrap: wrap; align-items: center; }
    form label { display: contents; }
    .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
    #url { flex: 1 1 18em; min-width: 0; }
    #when { flex: 0 1 13em; min-width: 8em; }
    #archive { max-width: 12em; }
    input, select, button { font: inherit; padding: .3em .5em; min-height: 2.2em; box-sizing: border-box; }
    .banner { display: flex; gap: .5em; align-items: center; flex-wrap: wrap; }
    .nav { display: flex; gap: .2em; }
    .nav button { min-width: 2.4em; }
    .info { flex: 1 1 16em; min-width: 0; }
    .info strong { white-space: nowrap; }
    .info .title { display: block; color: #555; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .badge { background: #e8f5e9; color: #1b5e20; border-radius: 1em; padding: .1em .6em; font-size: 12px; white-space: nowrap; }
    .actions { display: flex; gap: .4em; align-items: center; flex-wrap: wrap; }
    progress { width: 8em; }
    details.share { position: relative; }
    details.share[open] > div { position: absolute; right: 0; z-index: 2; background: #fff; border: 1px solid #ccc; border-radius: 4px; padding: .6em; width: min(34em, 90vw); display: grid; grid-template-columns: auto 1fr auto; gap: .3em .4em; align-items: center; box-shadow: 0 4px 16px #0002; }
    details.share input { min-width: 0; }
    summary { cursor: pointer; padding: .3em .5em; border: 1px solid #888; border-radius: 3px; list-style: none; }
    .frame { position: relative; flex: 1; min-height: 12em; display: flex; }
    ::slotted(iframe) { flex: 1; border: 0; width: 100%; min-height: 12em; }
    .state { position: absolute; inset: 0; background: #fff; padding: 2em; overflow: auto; }
    .state.loading { background: #fffd; display: grid; place-items: center; color: #555; }
    .state h2 { margin-top: 0; font-size: 1.2em; }
    .state ul { padding-left: 1.2em; }
    .state button.link { background: none; border: 0; color: #1565c0; text-decoration: underline; cursor: pointer; padding: 0; min-height: 0; text-align: left; word-break: break-all; }
    .notice { color: #555; font-size: 12px; }
    kbd { border: 1px solid #bbb; border-radius: 3px; padding: 0 .3em; font-size: 11px; }
    @media (max-width: 40em) {
      header { padding: .3em; }
      #when { flex: 1 1 8em; }
      .info { flex-basis: 100%; order: -1; }
      .keys { display: none; }
    }
  `

  link: WorkerLink | undefined
  archive = ''
  datetime = ''
  url = ''
  archives: TimelineArchive[] = []
  versions: Version[] = []
  sources: TimelineSource[] = []
  phase: Phase = 'idle'
  failure: ReplayFailure | undefined
  nearby: string[] = []
  pageTitle = ''
  progress: SaveProgress | undefined
  saveStatus = ''
  savedPages: ReadonlySet<string> = new Set()
  gateway = localStorage.getItem(GATEWAY_KEY) ?? DEFAULT_GATEWAY
  notice = ''
  /** the URI-M path the frame last showed */
  private shown = ''
  private versionsFor = ''
  /** the URL `versions` are of */
  private versionsUrl = ''
  private loadingVersions: Promise<void> = Promise.resolve()
  private generation = 0
  private listening: WorkerLink | undefined

  override connectedCallback (): void {
    super.connectedCallback()
    window.addEventListener('keydown', this.onKey)
  }

  override disconnectedCallback (): void {
    window.removeEventListener('keydown', this.onKey)
    this.listening?.removeEventListener('host-message', this.onHost)
    this.listening = undefined
    super.disconnectedCallback()
  }

  private get target (): ReplayTarget { return { archive: this.archive, datetime: this.datetime, url: this.url } }

  /** Every opened archive, and the current one even when it is not among them. */
  private get merged (): TimelineArchive[] {
    const list = [...this.archives]
    if (this.archive !== '' && !list.some(a => a.id === this.archive)) list.unshift({ id: this.archive, label: this.archive })
    return list
  }

  private get currentIndex (): number { return indexOfVersion(this.versions, this.archive, this.datetime) }

  protected override willUpdate (changed: PropertyValues<this>): void {
    // The shell opens what the route names in the frame (a link, the back button, a move of ours it
    // took up): until the frame reports it, that page is loading.
    if ((changed.has('archive') || changed.has('datetime') || changed.has('url')) && this.archive !== '' && this.url !== '' && replayPath(this.target) !== this.shown) {
      this.phase = 'loading'
      this.failure = undefined
      this.pageTitle = ''
    }
    // for tests and styles outside: what the frame area shows (loading, shown, not-archived…)
    this.dataset.state = this.phase
  }

  protected override updated (changed: PropertyValues<this>): void {
    if (changed.has('link') && this.link !== this.listening) {
      this.listening?.removeEventListener('host-message', this.onHost)
      this.link?.addEventListener('host-message', this.onHost)
      this.listening = this.link
      this.refreshSaved()
    }
    if (this.archive === '' || this.url === '') return
    if (changed.has('url') || changed.has('archives') || changed.has('archive') || changed.has('link')) void this.loadVersions()
  }

  /** The versions of the URL in every archive; a load already under way for the same URL and archives is reused. */
  private async loadVersions (): Promise<void> {
    const archives = this.merged
    const key = `${this.url}\n${archives.map(a => a.id).join('\n')}`
    if (key === this.versionsFor) return this.loadingVersions
    const link = this.link
    if (link == null) return
    this.versionsFor = key
    // another URL's versions would be wrong meanwhile; the same URL's stay while more archives are asked
    if (this.versionsUrl !== this.url) this.versions = []
    this.sources = archives.map(a => ({ archive: a.id, label: a.label, count: 0, loading: true }))
    const url = this.url
    this.loadingVersions = (async () => {
      const result = await aggregateVersions(link, archives, url)
      if (key !== this.versionsFor) return
      this.versionsUrl = url
      this.versions = result.versions
      this.sources = result.sources
    })()
    return this.loadingVersions
  }

  /** Moves the view and tells the shell, which updates the address and opens the page in the frame. */
  private navigate (target: ReplayTarget, cause: ReplayNavigate['cause']): void {
    this.archive = target.archive
    this.datetime = target.datetime
    this.url = target.url
    this.dispatchEvent(new CustomEvent<ReplayNavigate>('replay-navigate', { detail: { ...target, cause }, bubbles: true, composed: true }))
  }

  private goVersion (index: number): void {
    const v = this.versions[index]
    if (v == null || index === this.currentIndex) return
    this.navigate({ archive: v.archive, datetime: v.digits, url: this.url }, 'user')
  }

  private readonly onHost = (event: Event): void => {
    const message = (event as CustomEvent<FromHost>).detail
    if (message.type === 'ready') this.refreshSaved()
    if (message.type === 'navigated') void this.onNavigated(message.page, message.title ?? '')
    if (message.type === 'page') this.onPageState(message.page, message.title)
  }

  /**
   * The client script in the replayed page says what it shows: its title once known, and a new URL after
   * the page's own pushState/replaceState (no load event, so no `navigated`).
   */
  private onPageState (page: string, title: string): void {
    const at = parseReplayTarget(page)
    if (at == null) return
    if (title !== '') this.pageTitle = title
    if (replayPath(at) === replayPath(this.target)) return
    this.shown = replayPath(at)
    this.navigate(at, 'frame')
  }

  /** The frame loaded a page (the one asked for, a redirect's target, a link followed inside it). */
  private async onNavigated (page: string, title: string): Promise<void> {
    const at = parseReplayTarget(page)
    // a latest path stays in the frame only when it failed (found, it redirects to exact digits)
    if (at == null) return
    const generation = ++this.generation
    // as the view names it: the frame's URI-M may carry a modifier (`mp_` from a rewritten link)
    this.shown = replayPath(at)
    this.pageTitle = title
    if (replayPath(at) !== replayPath(this.target)) this.navigate(at, 'frame')
    // An error answer is plain text without a title; a titled page is a capture. Otherwise ask the
    // worker again for the same URI-M: its status and headers say what the frame got.
    if (title !== '' || this.link == null) { this.phase = 'shown'; return }
    this.phase = 'loading'
    const answer = await this.link.get(page)
    if (generation !== this.generation) return
    this.failure = replayFailure(answer.status, answer.body, answer.headers)
    this.phase = this.failure?.kind ?? 'shown'
    this.nearby = []
    if (this.failure?.kind === 'not-archived') await this.findNearby(at, generation)
  }

  /** Other archived URLs of the same host (the archive API, when the node or worker has it). */
  private async findNearby (at: ReplayTarget, generation: number): Promise<void> {
    const host = URL.parse(at.url)?.host
    if (host == null || this.link == null) return
    const link = this.link
    try {
      const { pages } = await fetchPages(getJsonVia(async p => link.get(p)), at.archive, { prefix: host, limit: 10 })
      if (generation !== this.generation) return
      this.nearby = (pages ?? []).map(p => p.url as unknown).filter((u): u is string => typeof u === 'string')
    } catch {
      // no archive API, or one that answers something else: no suggestions, the message stands alone
    }
  }

  /** What this person saved, as the app keeps it on its own origin (src/app/owned-settings.ts). */
  private refreshSaved (): void {
    this.savedPages = new Set(loadSavedPages())
  }

  /** "Go": the version closest to the typed datetime, in the chosen archive if it changed, else in any. */
  private async go (event: SubmitEvent): Promise<void> {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    const url = String(form.get('url') ?? '').trim()
    const archive = String(form.get('archive') ?? this.archive)
    const typed = String(form.get('when') ?? '').trim()
    if (url === '' || archive === '') return
    let ms = Date.now()
    let digits = ''
    if (typed !== '') {
      try {
        const at = parseUserDatetime(typed)
        ms = toEpochMs(at)
        digits = toDigits14(at)
      } catch (err) {
        this.notice = err instanceof Error ? err.message : String(err)
        return
      }
    }
    this.notice = ''
    const archiveChanged = archive !== this.archive
    if (url !== this.url || archiveChanged) {
      this.url = url
      this.archive = archive
    }
    // the versions of the URL decide where to go: nothing is opened until they are known
    await this.loadVersions()
    const index = closestVersion(this.versions, ms, archiveChanged ? archive : undefined)
    const v = this.versions[index]
    if (v != null) this.navigate({ archive: v.archive, datetime: v.digits, url }, 'user')
    // archived nowhere: the worker's own answer (not archived) is what the frame shows
    else this.navigate({ archive, datetime: digits, url }, 'user')
  }

  private async save (): Promise<void> {
    if (this.link == null || this.shown === '') return
    const page = this.shown
    this.saveStatus = 'saving…'
    this.progress = { done: 0, total: 1, blocks: 0, bytes: 0, url: page }
    const answer = await this.link.call({ type: 'save', page }, m => { if (m.type === 'save-progress') this.progress = m.progress })
      .catch((err: unknown) => ({ type: 'error' as const, name: 'Error', message: err instanceof Error ? err.message : String(err) }))
    this.progress = undefined
    if (answer.type === 'save-done') {
      // the page itself must have replayed for it to count as saved (its subresources may be missing)
      if (!answer.failed.includes(page)) rememberSavedPage(page)
      this.saveStatus = `Saved for offline: ${answer.urls} URLs, ${kb(answer.bytes)}${answer.failed.length > 0 ? `; ${answer.failed.length} could not be fetched` : ''}`
    } else if (answer.type === 'error') {
      this.saveStatus = `Not saved: ${answer.message}`
    }
    this.refreshSaved()
  }

  private async copy (text: string, what: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text)
      this.notice = `${what} copied`
    } catch {
      // no clipboard permission (an insecure origin, a test browser): the link is selectable in its field
      this.notice = `${what}: select the field and copy it`
    }
  }

  private setGateway (value: string): void {
    this.gateway = value.trim() === '' ? DEFAULT_GATEWAY : value.trim()
    localStorage.setItem(GATEWAY_KEY, this.gateway)
  }

  /** Keys work anywhere in the app except while typing (and not inside the archived page, another origin). */
  private readonly onKey = (event: KeyboardEvent): void => {
    if (this.hidden || this.url === '' || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return
    const focusUrl = (): void => { const input = this.renderRoot.querySelector<HTMLInputElement>('#url'); input?.focus(); input?.select() }
    const actions: Record<string, () => void> = {
      '[': () => { this.goVersion(this.currentIndex - 1) },
      ']': () => { this.goVersion(this.currentIndex + 1) },
      '{': () => { this.goVersion(0) },
      '}': () => { this.goVersion(this.versions.length - 1) },
      '/': focusUrl
    }
    const action = actions[event.key]
    if (action == null || isTyping(event.composedPath()[0] ?? null)) return
    event.preventDefault()
    action()
  }

  private stateView (): unknown {
    const where = html`<code>${this.url}</code>`
    const others = this.versions.filter(v => v.archive !== this.archive)
    switch (this.phase) {
      case 'idle':
      case 'shown':
        return null
      case 'loading':
        return html`<div class="state loading" role="status">Loading ${where}…</div>`
      case 'not-archived':
        return html`<div class="state" role="alert">
          <h2>Not archived</h2>
          <p>${where} is not in the archive <strong>${this.archive}</strong>.</p>
          ${others.length > 0 ? html`<p>Other archives have it: <button class="link" id="other-archive" @click=${() => { this.goVersion(this.versions.indexOf(others[others.length - 1] as Version)) }}>open the latest version (${readableDatetime(others[others.length - 1]?.datetime ?? '')} in ${others[others.length - 1]?.archive})</button></p>` : null}
          ${this.nearby.length > 0
            ? html`<p>Archived pages of the same site:</p><ul id="nearby">${this.nearby.map(u => html`<li><button class="link" @click=${() => { this.navigate({ archive: this.archive, datetime: '', url: u }, 'user') }}>${u}</button></li>`)}</ul>`
            : null}
        </div>`
      case 'unreachable':
        return html`<div class="state" role="alert">
          <h2>The archive cannot be reached</h2>
          <p>No gateway answered for ${where} (${this.failure?.message}). Check the network or the gateways in the settings; pages saved for offline still open.</p>
        </div>`
      case 'verification':
        return html`<div class="state" role="alert">
          <h2>This record failed verification</h2>
          <p>A gateway sent data for ${where} that does not match its content address (${this.failure?.code}: ${this.failure?.message}). Nothing unverified is shown; try another gateway.</p>
        </div>`
      default:
        return html`<div class="state" role="alert">
          <h2>This page cannot be shown</h2>
          <p>${this.failure?.status} ${this.failure?.code}: ${this.failure?.message}</p>
        </div>`
    }
  }

  private shareView (v: Version | undefined): unknown {
    const link = replayLink(location.href, this.target)
    const cid = v?.cid
    const row = (id: string, label: string, value: string | undefined): unknown => html`
      <label for=${id}>${label}</label>
      <input id=${id} readonly .value=${value ?? 'unknown for this version'} @focus=${(e: Event) => { (e.target as HTMLInputElement).select() }}>
      <button type="button" ?disabled=${value == null} @click=${() => { if (value != null) void this.copy(value, label) }}>copy</button>`
    return html`<details class="share"><summary>Share</summary><div>
      ${row('share-link', 'Replay link', link)}
      ${row('share-ipfs', 'ipfs:// URL', cid != null ? ipfsLink(cid) : undefined)}
      ${row('share-gateway', 'Gateway link', cid != null ? gatewayLink(this.gateway, cid) : undefined)}
      <label for="gateway">Public gateway</label>
      <input id="gateway" .value=${this.gateway} @change=${(e: Event) => { this.setGateway((e.target as HTMLInputElement).value) }}>
      <span></span>
    </div></details>`
  }

  override render (): unknown {
    const index = this.currentIndex
    const v = this.versions[index]
    const saved = this.savedPages.has(this.shown)
    const savedKeys = new Set<string>()
    for (const page of this.savedPages) {
      const t = parseReplayTarget(page)
      if (t != null && t.url === this.url) savedKeys.add(versionKey({ archive: t.archive, digits: t.datetime }))
    }
    const label = this.merged.find(a => a.id === this.archive)?.label ?? this.archive
    return html`
      <header>
        <form @submit=${(e: SubmitEvent) => { void this.go(e) }} aria-label="Open an archived page">
          <label><span class="sr">Archive</span>
            <select id="archive" name="archive" .value=${this.archive}>${this.merged.map(a => html`<option value=${a.id} ?selected=${a.id === this.archive}>${a.label}</option>`)}</select></label>
          <label><span class="sr">Archived URL</span><input id="url" name="url" type="text" inputmode="url" placeholder="http://example.com/" .value=${this.url} required></label>
          <label><span class="sr">Date and time (UTC)</span><input id="when" name="when" type="text" placeholder="2013, 2013-02-02 10:00…" title="Any precision: 2013, 2013-02-02 10:00, 20130202100000 (UTC)"
            .value=${this.datetime !== '' ? readableDatetime(v?.datetime ?? this.datetime) : ''}></label>
          <button type="submit" id="go" title="Open the version closest to this date">Go</button>
        </form>
        <div class="banner">
          <div class="nav" role="group" aria-label="Versions">
            <button type="button" id="first" aria-label="First version ({)" title="First version ({)" ?disabled=${index <= 0} @click=${() => { this.goVersion(0) }}>|◀</button>
            <button type="button" id="prev" aria-label="Previous version ([)" title="Previous version ([)" ?disabled=${index <= 0} @click=${() => { this.goVersion(index - 1) }}>◀</button>
            <button type="button" id="next" aria-label="Next version (])" title="Next version (])" ?disabled=${index < 0 || index >= this.versions.length - 1} @click=${() => { this.goVersion(index + 1) }}>▶</button>
            <button type="button" id="last" aria-label="Last version (})" title="Last version (})" ?disabled=${index < 0 || index >= this.versions.length - 1} @click=${() => { this.goVersion(this.versions.length - 1) }}>▶|</button>
          </div>
          <div class="info" id="banner" aria-live="polite">
            ${v != null
              ? html`<strong id="memento-datetime">${readableDatetime(v.datetime)} UTC</strong> in <strong id="memento-archive">${label}</strong> · ${index + 1} of ${this.versions.length}`
              : html`<strong id="memento-datetime">${this.datetime !== '' ? this.datetime : 'latest'}</strong> in <strong id="memento-archive">${label}</strong>`}
            ${saved ? html` <span class="badge" id="offline-mark">saved for offline</span>` : null}
            <span class="title" id="page-title" title=${this.url}>${this.pageTitle !== '' ? this.pageTitle : this.url}</span>
          </div>
          <div class="actions">
            <button type="button" id="save" ?disabled=${this.shown === '' || this.progress != null || this.phase !== 'shown'} @click=${() => { void this.save() }}>Save for offline</button>
            ${this.progress != null ? html`<progress id="save-progress" max=${this.progress.total} .value=${this.progress.done} aria-label="Saving for offline"></progress>` : null}
            <span class="notice" id="save-status" role="status">${this.saveStatus}</span>
            ${this.shareView(v)}
          </div>
        </div>
        <memento-timeline .versions=${this.versions} .sources=${this.sources} .current=${index} .saved=${savedKeys}
          @version-select=${(e: CustomEvent<{ index: number }>) => { this.goVersion(e.detail.index) }}></memento-timeline>
        <div class="notice" role="status"><span id="notice">${this.notice}</span>
          <span class="keys">Keys: <kbd>[</kbd> <kbd>]</kbd> previous/next, <kbd>{</kbd> <kbd>}</kbd> first/last, <kbd>/</kbd> URL bar</span></div>
      </header>
      <div class="frame">
        <slot name="frame"></slot>
        ${this.stateView()}
      </div>
    `
  }
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`

customElements.define('replay-view', ReplayView)
