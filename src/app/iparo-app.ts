import { LitElement, css, html } from 'lit'
import type { FromHost } from '../browser/replay-messages.ts'
import { parseReplayTarget, replayPath, type ReplayTarget } from '../core/replay/replay-link.ts'
import { HostLink } from './host-link.ts'
import type { ReplayNavigate, TimelineArchive } from './replay-view.ts'
import './replay-view.ts'

interface ArchiveInfo { name: string, ipns?: string, root?: string }

/**
 * The top frame: a hash router around the replay view (`#/<archive>/<datetime>/<url>`). The replay
 * frame lives on the replay origin (a second port of the local node, else this origin), is created
 * once and never moved; everything asked of the service worker goes through it by postMessage.
 */
export class IparoApp extends LitElement {
  static override properties = {
    archives: { state: true },
    replayOrigin: { state: true },
    target: { state: true }
  }

  static override styles = css`
    :host { display: flex; flex-direction: column; height: 100vh; font: 14px system-ui, sans-serif; }
    replay-view { flex: 1; }
    form { display: flex; gap: .5em; padding: 1em; flex-wrap: wrap; }
    input[name=url] { flex: 1; min-width: 12em; }
  `

  archives: TimelineArchive[] = []
  replayOrigin: string | undefined
  target: ReplayTarget | undefined = parseReplayTarget(location.hash)
  private link: HostLink | undefined
  /** what the frame shows or was asked to show: the first page goes in the host's own hash */
  private framePage = this.target != null ? replayPath(this.target) : ''
  private readonly firstPage = this.framePage

  override connectedCallback (): void {
    super.connectedCallback()
    window.addEventListener('message', this.onMessage)
    window.addEventListener('hashchange', this.onHashChange)
    void this.load()
  }

  override disconnectedCallback (): void {
    window.removeEventListener('message', this.onMessage)
    window.removeEventListener('hashchange', this.onHashChange)
    super.disconnectedCallback()
  }

  private async load (): Promise<void> {
    let origin = location.origin
    try {
      const node = await (await fetch('/api/v1/node')).json() as { origins?: { replay?: string } }
      if (typeof node.origins?.replay === 'string') origin = new URL(node.origins.replay).origin
      const list = await (await fetch('/api/v1/archives')).json() as { archives?: ArchiveInfo[] }
      // every archive of the serving node counts as opened (the shell's own store replaces this)
      this.archives = (list.archives ?? []).map(a => ({ id: a.name, label: a.name }))
    } catch {
      // not served by a local node (or offline): one origin, archives named in the link
    }
    // The frame is created once its origin is known: changing its src later would restart the worker's page.
    this.link = new HostLink(() => this.renderRoot.querySelector('iframe'), origin)
    this.link.addEventListener('host-message', (e) => {
      const message = (e as CustomEvent<FromHost>).detail
      if (message.type === 'navigated') this.framePage = message.page
      this.dispatchEvent(new CustomEvent<FromHost>('host-message', { detail: message }))
    })
    this.replayOrigin = origin
  }

  private readonly onMessage = (event: MessageEvent<unknown>): void => { this.link?.receive(event) }

  private readonly onHashChange = (): void => {
    const target = parseReplayTarget(location.hash)
    if (target != null && this.target != null && replayPath(target) === replayPath(this.target)) return
    this.target = target
    if (target != null) this.openInFrame(replayPath(target))
  }

  private openInFrame (page: string): void {
    if (page === this.framePage) return
    this.framePage = page
    this.link?.send({ type: 'open', page })
  }

  /** The view moved: a person's move is a new history entry, the frame's own (a redirect, a link) replaces it. */
  private onNavigate (event: CustomEvent<ReplayNavigate>): void {
    const { cause, ...target } = event.detail
    this.target = target
    const page = replayPath(target)
    if (location.hash !== `#${page}`) {
      if (cause === 'user') history.pushState(null, '', `#${page}`)
      else history.replaceState(null, '', `#${page}`)
    }
    this.openInFrame(page)
  }

  private open (event: SubmitEvent): void {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    location.hash = replayPath({ archive: String(form.get('archive')), datetime: '', url: String(form.get('url')) })
  }

  protected override firstUpdated (): void {
    document.documentElement.dataset.app = 'ready'
  }

  override render (): unknown {
    const t = this.target
    return html`
      ${t == null
        ? html`<form @submit=${this.open} aria-label="Open an archived page">
            <input name="archive" list="archives" placeholder="archive" aria-label="Archive" required>
            <datalist id="archives">${this.archives.map(a => html`<option value=${a.id}></option>`)}</datalist>
            <input name="url" placeholder="archived URL" aria-label="Archived URL" required>
            <button type="submit">open</button>
          </form>`
        : null}
      ${this.replayOrigin != null
        ? html`<replay-view ?hidden=${t == null} .link=${this.link} .archive=${t?.archive ?? ''} .datetime=${t?.datetime ?? ''} .url=${t?.url ?? ''}
            .archives=${this.archives} @replay-navigate=${this.onNavigate}>
            <iframe slot="frame" title="Archived page" src=${`${this.replayOrigin}/replay.html${this.firstPage !== '' ? `#${encodeURIComponent(this.firstPage)}` : ''}`}></iframe>
          </replay-view>`
        : null}
    `
  }
}

customElements.define('iparo-app', IparoApp)
