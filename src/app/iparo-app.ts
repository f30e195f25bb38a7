import { LitElement, css, html, nothing } from 'lit'
import { parseArchiveInput } from '../core/naming/archive-input.ts'
import type { FromHost } from '../messages/replay-messages.ts'
import './archive-home.ts'
import type { NodeArchive } from './archive-home.ts'
import './archive-view.ts'
import './app-settings.ts'
import { parseReplayTarget, replayPath } from '../core/replay/replay-link.ts'
import { parseRoute, routeHash, type AppRoute } from './app-route.ts'
import { appStyles } from './app-styles.ts'
import { badDatetimeView } from './bad-datetime-view.ts'
import { loadArchiveNames, loadOwnedSettings, rememberArchiveNames } from './owned-settings.ts'
import { WorkerLink } from './worker-link.ts'
import { OpenedArchives } from './opened-archives.ts'
import { registerAppWorker } from './register-app-worker.ts'
import './replay-view.ts'
import type { ReplayNavigate } from './replay-view.ts'

const REPLAY_ORIGIN_KEY = 'iparo.replay-origin'
const NODE_TIMEOUT_MS = 5000
/** how long the replay host may take to start its worker before the person is told */
const HOST_PATIENCE_MS = 20_000

/**
 * The shell: a hash router (home, archive, replay, settings), the header with navigation, and the
 * replay host frame on the replay origin, created once and never moved (moving an iframe reloads it);
 * `<replay-view>` shows it when the route is a replay, and every view reads the archive through it.
 */
export class IparoApp extends LitElement {
  static override properties = {
    route: { state: true },
    replayOrigin: { state: true },
    nodeArchives: { state: true },
    nodeStatus: { state: true },
    hostReady: { state: true },
    hostProblem: { state: true }
  }

  static override styles = [appStyles, css`
    :host { display: flex; flex-direction: column; height: 100dvh; background: var(--bg); }
    .skip { position: absolute; left: -999px; top: 0; background: var(--bg); padding: .5em; z-index: 2; }
    .skip:focus { left: .5em; }
    header { display: flex; align-items: center; gap: .4em 1.2em; padding: .5em 1em; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
    .brand { font-weight: 700; font-size: 1.1rem; text-decoration: none; color: inherit; display: flex; align-items: center; gap: .4em; }
    .brand img { width: 24px; height: 24px; }
    nav ul { display: flex; gap: .2em; list-style: none; margin: 0; padding: 0; flex-wrap: wrap; }
    nav a { display: block; padding: .35em .7em; border-radius: 6px; text-decoration: none; color: inherit; max-width: 16em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    nav a[aria-current=page] { background: var(--soft); font-weight: 600; box-shadow: inset 0 -2px 0 var(--accent); }
    .host-state { margin-left: auto; font-size: .85em; }
    main { flex: 1; min-height: 0; overflow: auto; padding: 1em; box-sizing: border-box; }
    main.fill { display: flex; flex-direction: column; overflow: hidden; }
    main:focus { outline: none; }
    main[hidden] { display: none; }
    replay-view { flex: 1; min-height: 0; display: flex; flex-direction: column; }
    replay-view[hidden] { display: none; }
    replay-view > iframe { flex: 1; border: 0; width: 100%; min-height: 0; }
    @media (max-width: 560px) { header { padding: .4em .6em; gap: .2em .6em; } nav a { max-width: 9em; padding: .3em .5em; } main { padding: .6em; } }
  `]

  route: AppRoute = parseRoute(location.hash)
  replayOrigin: string | undefined
  nodeArchives: NodeArchive[] | undefined
  nodeStatus = 'checking'
  hostReady = false
  hostProblem: string | undefined
  readonly opened = new OpenedArchives()
  /** made once the replay origin is known: it checks the origin of every message */
  private link: WorkerLink | undefined
  /** the URI-M the frame shows (or was told to show) */
  private framePage = ''
  private firstPage = ''
  private pendingOpen: string | undefined
  private hostTimer: ReturnType<typeof setTimeout> | undefined

  override connectedCallback (): void {
    super.connectedCallback()
    window.addEventListener('message', this.onMessage)
    window.addEventListener('hashchange', this.onHashChange)
    this.opened.addEventListener('change', this.onOpenedChange)
    this.addEventListener('archive-found', this.onArchiveFound as EventListener)
    if (this.route.view === 'replay') this.firstPage = this.framePage = replayPath(this.route)
    void registerAppWorker()
    void this.boot()
  }

  override disconnectedCallback (): void {
    window.removeEventListener('message', this.onMessage)
    window.removeEventListener('hashchange', this.onHashChange)
    this.opened.removeEventListener('change', this.onOpenedChange)
    this.removeEventListener('archive-found', this.onArchiveFound as EventListener)
    this.link?.removeEventListener('host-message', this.onHostMessage as EventListener)
    clearTimeout(this.hostTimer)
    super.disconnectedCallback()
  }

  /** Finds the replay origin (the node says; offline, the one remembered) and the node's archives. */
  private async boot (): Promise<void> {
    let origin: string | undefined
    try {
      const response = await fetch('/api/v1/node', { signal: AbortSignal.timeout(NODE_TIMEOUT_MS), cache: 'no-store' })
      if (response.ok) {
        const node = await response.json() as { origins?: { replay?: string } }
        origin = typeof node.origins?.replay === 'string' ? new URL(node.origins.replay).origin : location.origin
        localStorage.setItem(REPLAY_ORIGIN_KEY, origin)
        this.nodeStatus = 'online'
      } else {
        this.nodeStatus = response.status === 404 && localStorage.getItem(REPLAY_ORIGIN_KEY) == null ? 'none' : 'unreachable'
      }
    } catch {
      this.nodeStatus = 'unreachable'
    }
    origin ??= localStorage.getItem(REPLAY_ORIGIN_KEY) ?? location.origin
    this.link = new WorkerLink({
      hostFrame: () => this.renderRoot.querySelector<HTMLIFrameElement>('#replay-host'),
      callFrames: () => document.body,
      replayOrigin: origin,
      owned: () => ({ settings: loadOwnedSettings(), names: loadArchiveNames() }),
      // The frame's reports can come from any script of the replay origin: they may move the app
      // only within the archive it opened there (what the page could reach by its own links).
      accepts: (page) => { const at = parseReplayTarget(page); return at != null && at.archive === parseReplayTarget(this.framePage)?.archive }
    })
    this.link.addEventListener('host-message', this.onHostMessage as EventListener)
    this.replayOrigin = origin
    this.hostTimer = setTimeout(() => {
      if (!this.hostReady) this.hostProblem = 'The replay frame has not started. If you are offline, this browser may not have opened this app online before.'
    }, HOST_PATIENCE_MS)
    if (this.nodeStatus === 'online') {
      try {
        const list = await (await fetch('/api/v1/archives', { cache: 'no-store' })).json() as { archives?: NodeArchive[] }
        this.nodeArchives = list.archives ?? []
        rememberArchiveNames(this.nodeArchives)
      } catch {
        this.nodeArchives = undefined
      }
    }
  }

  /** labels and the list the replay view merges follow the store */
  private readonly onOpenedChange = (): void => { this.requestUpdate() }

  private readonly onMessage = (event: MessageEvent<unknown>): void => { this.link?.receive(event) }

  private readonly onHostMessage = (event: CustomEvent<FromHost>): void => {
    const message = event.detail
    if (message.type === 'ready') {
      this.hostReady = true
      this.hostProblem = undefined
      document.documentElement.dataset.host = 'ready'
      if (this.pendingOpen != null) { this.link?.send({ type: 'open', page: this.pendingOpen }); this.pendingOpen = undefined }
    } else if (message.type === 'navigated') {
      // What the frame shows, as the view names it (the frame's URI-M may carry a modifier). When that is
      // another page (a link in the archived page, a redirect to the exact capture), the view says so
      // with `replay-navigate`, and the address follows there.
      const at = parseReplayTarget(message.page)
      this.framePage = at != null ? replayPath(at) : message.page
    }
  }

  private readonly onHashChange = (): void => {
    const route = parseRoute(location.hash)
    const viewChanged = route.view !== this.route.view
    this.route = route
    if (route.view === 'replay') this.openInFrame(replayPath(route))
    if (viewChanged) void this.updateComplete.then(() => { this.renderRoot.querySelector<HTMLElement>('main:not([hidden])')?.focus() })
  }

  /** `replay-navigate` from the replay view: the user (push) or the frame (replace) moved. */
  private readonly onReplayNavigate = (event: CustomEvent<ReplayNavigate>): void => {
    const { archive, datetime, url } = event.detail
    const route: AppRoute = { view: 'replay', archive, datetime, url }
    const page = replayPath({ archive, datetime, url })
    // the frame moved by itself (a link, a redirect, the page's own pushState): it already shows the page
    if (event.detail.cause === 'frame') this.framePage = page
    if (page === this.framePage) {
      history.replaceState(null, '', routeHash(route))
    } else {
      history.pushState(null, '', routeHash(route))
      this.openInFrame(page)
    }
    this.route = route
  }

  private openInFrame (page: string): void {
    if (page === this.framePage) return
    this.framePage = page
    if (this.hostReady && this.link != null) this.link.send({ type: 'open', page })
    else this.pendingOpen = page
  }

  /**
   * An archive reached by a link is remembered like one opened by hand, once a view has heard from it
   * (its summary read, a page of it shown): a link to an archive nobody has is not kept, nor shown in
   * every later timeline.
   */
  private readonly onArchiveFound = (event: CustomEvent<{ archive: string, label?: string }>): void => {
    const { archive, label } = event.detail
    if (this.embed || this.opened.get(archive) != null) return
    try {
      this.opened.open(parseArchiveInput(archive), label)
    } catch {
      // not a name this app can tell the kind of: it is shown, not remembered
    }
  }

  /** framed by `<iparo-replay>` (embed.html, docs/embed.md): the replay view alone, nothing of the person's own */
  private get embed (): boolean { return this.hasAttribute('embed') }

  private navLink (href: string, label: string, current: boolean, extra: Record<string, string> = {}): unknown {
    return html`<li><a href=${href} aria-current=${current ? 'page' : nothing} title=${extra.title ?? nothing}>${label}</a></li>`
  }

  override render (): unknown {
    const r = this.route
    const archive = r.view === 'archive' || r.view === 'replay' || r.view === 'bad-datetime' ? r.archive : undefined
    const label = archive != null ? this.opened.get(archive)?.label ?? archive : undefined
    const link = this.hostReady ? this.link : undefined
    return html`${this.embed ? nothing : html`
      <a class="skip" href="#content" @click=${(e: Event) => { e.preventDefault(); this.renderRoot.querySelector<HTMLElement>('main:not([hidden])')?.focus() }}>Skip to content</a>
      <header>
        <a class="brand" href="#/"><img src="/favicon.svg" alt="">IPARO</a>
        <nav aria-label="Main">
          <ul>
            ${this.navLink('#/', 'Archives', r.view === 'home')}
            ${archive != null && label != null ? this.navLink(`#/${archive}`, label, r.view === 'archive', { title: archive }) : nothing}
            ${this.navLink('#/app/settings', 'Settings', r.view === 'settings')}
          </ul>
        </nav>
        <span class="host-state muted" role="status">${this.hostProblem != null
          ? html`<span class="bad">${this.hostProblem}</span>`
          : this.hostReady ? this.oneOriginWarning() : 'Starting the replay worker…'}</span>
      </header>`}
      <main id="content" tabindex="-1" class=${r.view === 'archive' ? 'fill' : ''} ?hidden=${r.view === 'replay'}>
        ${this.renderView(r, link)}
      </main>
      ${this.replayOrigin == null
        ? nothing
        : html`<replay-view ?hidden=${r.view !== 'replay'} .link=${link} .archive=${r.view === 'replay' ? r.archive : ''}
            .datetime=${r.view === 'replay' ? r.datetime : ''} .url=${r.view === 'replay' ? r.url : ''} .archives=${this.embed ? [] : this.opened.list}
            ?embedded=${this.embed} @replay-navigate=${this.onReplayNavigate}>
            <iframe slot="frame" id="replay-host" title="Archived page"
              src=${`${this.replayOrigin}/replay.html${this.firstPage !== '' ? `#${encodeURIComponent(this.firstPage)}` : ''}`}></iframe>
          </replay-view>`}
    `
  }

  /** With one origin, archived scripts run where the app keeps the person's settings (docs/replay-origins.md). */
  private oneOriginWarning (): unknown {
    if (this.replayOrigin !== location.origin) return ''
    return html`<span class="bad" id="one-origin" title="Archived pages replay on the app's own origin: their scripts could change this app's settings.">One origin: open only archives you trust</span>`
  }

  private renderView (r: AppRoute, link: WorkerLink | undefined): unknown {
    if (this.embed && r.view !== 'replay' && r.view !== 'bad-datetime') return html`<p>This frame shows one archived page: its address names none.</p>`
    switch (r.view) {
      case 'home':
        return html`<archive-home .opened=${this.opened} .nodeArchives=${this.nodeArchives} nodeStatus=${this.nodeStatus === 'checking' ? 'online' : this.nodeStatus}></archive-home>`
      case 'settings':
        return html`<app-settings .link=${link} nodeOrigin=${this.nodeStatus === 'online' ? this.replayOrigin ?? '' : ''}></app-settings>`
      case 'archive':
        return html`<archive-view .link=${link} archive=${r.archive} .opened=${this.opened}></archive-view>`
      case 'bad-datetime':
        return badDatetimeView(r)
      case 'replay':
        return nothing
    }
  }
}

customElements.define('iparo-app', IparoApp)
