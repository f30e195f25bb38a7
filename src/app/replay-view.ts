import { LitElement, html, type PropertyValues } from 'lit'
import type { FromHost, SaveProgress } from '../messages/replay-messages.ts'
import type { ReplayFailure } from '../core/replay/replay-failure.ts'
import { parseReplayTarget, replayPath, type ReplayTarget } from '../core/replay/replay-link.ts'
import { closestVersion, indexOfVersion, type Version } from '../core/timeline/merge-versions.ts'
import type { WorkerLink } from './worker-link.ts'
import { frameOutcome } from './frame-outcome.ts'
import { frameStateView, type FramePhase } from './frame-state-view.ts'
import { aggregateVersions } from './memento-aggregator.ts'
import { mementoInfo } from './memento-info.ts'
import { nearbyPages } from './nearby-pages.ts'
import { loadSavedPages } from './owned-settings.ts'
import { loadGateway, saveGateway } from './public-gateway.ts'
import { ReplayKeys } from './replay-keys.ts'
import { readUrlBar, replayUrlBar, type GoRequest } from './replay-url-bar.ts'
import { replayViewStyles } from './replay-view-styles.ts'
import { saveForOffline } from './save-for-offline.ts'
import { savedVersionKeys } from './saved-version-keys.ts'
import { copyLink } from './share-panel.ts'
import { moreToggle, replayActions, replayNotice } from './replay-actions.ts'
import { readableDatetime, type TimelineSource } from './memento-timeline.ts'
import { versionNav } from './version-nav.ts'
import './memento-timeline.ts'

/** An archive the timeline merges (the shell's OpenedArchive fits). */
export interface TimelineArchive { id: string, label: string }
/** `replay-navigate` detail: where the view now is, and whether a person (push) or the frame (replace) moved it. */
export interface ReplayNavigate extends ReplayTarget { cause: 'user' | 'frame' }
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
    embedded: { type: Boolean },
    // what the frame and the timeline show
    versions: { state: true }, sources: { state: true }, phase: { state: true }, failure: { state: true }, nearby: { state: true }, pageTitle: { state: true },
    // what the controls show
    progress: { state: true }, saveStatus: { state: true }, savedPages: { state: true }, gateway: { state: true }, notice: { state: true }, dateError: { state: true },
    more: { type: Boolean, reflect: true }
  }

  static override styles = replayViewStyles

  link: WorkerLink | undefined
  archive = ''
  datetime = ''
  url = ''
  archives: TimelineArchive[] = []
  /** framed by <iparo-replay> (docs/embed.md): no action that writes what the person keeps */
  embedded = false
  versions: Version[] = []
  sources: TimelineSource[] = []
  phase: FramePhase = 'idle'
  failure: ReplayFailure | undefined
  nearby: string[] = []
  pageTitle = ''
  progress: SaveProgress | undefined
  saveStatus = ''
  savedPages: ReadonlySet<string> = new Set()
  gateway = loadGateway()
  notice = ''
  /** why the typed datetime was refused */
  dateError = ''
  /** on a narrow screen, the secondary controls (archive, datetime, actions, timeline) are shown */
  more = false
  /** the URI-M path the frame last showed */
  private shown = ''
  private versionsFor = ''
  /** the URL `versions` are of */
  private versionsUrl = ''
  private loadingVersions: Promise<void> = Promise.resolve()
  private generation = 0
  private listening: WorkerLink | undefined
  // heard on the window while the view is connected ([ ] { } /)
  private readonly keys = new ReplayKeys(this, {
    active: () => !this.hidden && this.url !== '',
    goVersion: index => { this.goVersion(index) },
    currentIndex: () => this.currentIndex,
    count: () => this.versions.length,
    focusUrl: () => { const input = this.renderRoot.querySelector<HTMLInputElement>('#url'); input?.focus(); input?.select() }
  })

  override disconnectedCallback (): void {
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
    if (title !== '' || this.link == null) { this.phase = 'shown'; this.found(at.archive); return }
    this.phase = 'loading'
    const link = this.link
    const outcome = await frameOutcome(async path => link.get(path), page, at.archive)
    if (generation !== this.generation) return
    this.failure = outcome.failure
    this.phase = outcome.phase
    this.nearby = []
    if (outcome.archiveFound) this.found(at.archive)
    if (outcome.phase === 'not-archived') await this.findNearby(at, generation)
  }

  /** The archive answered: the shell remembers it among the opened ones (a link to nothing is not remembered). */
  private found (archive: string): void {
    this.dispatchEvent(new CustomEvent<{ archive: string }>('archive-found', { detail: { archive }, bubbles: true, composed: true }))
  }

  /** Other archived URLs of the same host, for a page not archived. */
  private async findNearby (at: ReplayTarget, generation: number): Promise<void> {
    if (this.link == null) return
    const pages = await nearbyPages(this.link, at)
    if (pages != null && generation === this.generation) this.nearby = pages
  }

  /** What this person saved, as the app keeps it on its own origin (src/app/owned-settings.ts). */
  private refreshSaved (): void { this.savedPages = new Set(loadSavedPages()) }

  /** "Go": the version closest to the typed datetime, in the chosen archive if it changed, else in any. */
  private async go (event: SubmitEvent): Promise<void> {
    event.preventDefault()
    let request: GoRequest | undefined
    try {
      request = readUrlBar(event.target as HTMLFormElement, this.archive)
    } catch (err) {
      this.dateError = err instanceof Error ? err.message : String(err)
      return
    }
    if (request == null) return
    const { url, archive, ms, digits } = request
    this.dateError = ''
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
    const status = await saveForOffline(this.link, page, p => { this.progress = p })
    this.progress = undefined
    if (status != null) this.saveStatus = status
    this.refreshSaved()
  }

  override render (): unknown {
    const index = this.currentIndex
    const v = this.versions[index]
    const saved = this.savedPages.has(this.shown)
    const label = this.merged.find(a => a.id === this.archive)?.label ?? this.archive
    return html`
      <header id="secondary-controls">
        ${replayUrlBar({ archives: this.merged, archive: this.archive, url: this.url, when: this.datetime !== '' ? readableDatetime(v?.datetime ?? this.datetime) : '', error: this.dateError, submit: e => { void this.go(e) } })}
        <div class="banner">
          ${versionNav(index, this.versions.length, i => { this.goVersion(i) })}
          ${mementoInfo({ version: v, index, count: this.versions.length, datetime: this.datetime, label, saved, pageTitle: this.pageTitle, url: this.url })}
          ${moreToggle(this.more, () => { this.more = !this.more })}
          ${replayActions({
            embedded: this.embedded, link: this.link, archive: this.archive, cid: v?.cid, saveDisabled: this.shown === '' || this.progress != null || this.phase !== 'shown',
            progress: this.progress, saveStatus: this.saveStatus, save: () => { void this.save() },
            share: {
              target: this.target,
              cid: v?.cid,
              gateway: this.gateway,
              copy: (text, what) => { void copyLink(text, what).then(notice => { this.notice = notice }) },
              setGateway: value => { this.gateway = saveGateway(value) }
            }
          })}
        </div>
        <memento-timeline class="secondary" .versions=${this.versions} .sources=${this.sources} .current=${index} .saved=${savedVersionKeys(this.savedPages, this.url)}
          @version-select=${(e: CustomEvent<{ index: number }>) => { this.goVersion(e.detail.index) }}></memento-timeline>
        ${replayNotice(this.notice)}
      </header>
      <div class="frame">
        <slot name="frame"></slot>
        ${frameStateView(this, i => { this.goVersion(i) }, url => { this.navigate({ archive: this.archive, datetime: '', url }, 'user') })}
      </div>
    `
  }
}

customElements.define('replay-view', ReplayView)
