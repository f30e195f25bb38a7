import { LitElement, css, html, type PropertyValues } from 'lit'
import { isObject, type FromHost, type SaveProgress, type ToHost } from '../browser/replay-messages.ts'

interface ArchiveInfo { name: string, ipns?: string, root?: string }

/**
 * The top frame: picks an archive, a URL and a datetime, and shows the memento in the replay frame,
 * which lives on the replay origin (a second port of the local node, else this origin). Everything it
 * asks of the service worker goes by postMessage through the replay host page.
 */
export class IparoApp extends LitElement {
  static override properties = {
    archives: { state: true },
    replayOrigin: { state: true },
    page: { state: true },
    status: { state: true },
    hostReady: { state: true }
  }

  static override styles = css`
    :host { display: flex; flex-direction: column; height: 100vh; font: 14px system-ui, sans-serif; }
    form { display: flex; gap: .5em; padding: .5em; align-items: center; border-bottom: 1px solid #ccc; flex-wrap: wrap; }
    input[name=url] { flex: 1; min-width: 16em; }
    iframe { flex: 1; border: 0; width: 100%; }
    output { color: #555; }
  `

  archives: ArchiveInfo[] = []
  replayOrigin = location.origin
  page = decodeURIComponent(location.hash.slice(1))
  status = ''
  hostReady = false
  private nextId = 1
  // The frame loads once; later pages are opened by message, so the worker and frame are not restarted.
  private readonly firstPage = this.page

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
    try {
      const node = await (await fetch('/api/v1/node')).json() as { origins?: { replay?: string } }
      if (typeof node.origins?.replay === 'string') this.replayOrigin = new URL(node.origins.replay).origin
      const list = await (await fetch('/api/v1/archives')).json() as { archives?: ArchiveInfo[] }
      this.archives = list.archives ?? []
    } catch {
      // not served by a local node: one origin, archives named by hand (IPNS names, root CIDs)
    }
  }

  private readonly onMessage = (event: MessageEvent<unknown>): void => {
    if (event.origin !== this.replayOrigin || !isObject(event.data)) return
    const message = event.data as FromHost
    if (message.type === 'ready') this.hostReady = true
    else if (message.type === 'navigated') { this.page = message.page; history.replaceState(null, '', `#${message.page}`) } else if (message.type === 'worker') {
      const m = message.message
      if (m.type === 'save-progress') this.status = progressText(m.progress)
      else if (m.type === 'save-done') this.status = `saved for offline: ${m.urls} URLs, ${m.blocks} blocks, ${kb(m.bytes)}${m.failed.length > 0 ? `, ${m.failed.length} failed` : ''}`
      else if (m.type === 'error') this.status = `${m.name}: ${m.message}`
    }
    this.dispatchEvent(new CustomEvent('host-message', { detail: message }))
  }

  /** A link to `…#/<archive>/<datetime>/<url>` opened in this tab: the frame follows. */
  private readonly onHashChange = (): void => {
    const page = decodeURIComponent(location.hash.slice(1))
    if (page === '' || page === this.page) return
    this.page = page
    this.toHost({ type: 'open', page })
  }

  private toHost (message: ToHost): void {
    this.renderRoot.querySelector('iframe')?.contentWindow?.postMessage(message, this.replayOrigin)
  }

  private open (event: SubmitEvent): void {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    const digits = String(form.get('datetime') ?? '').replace(/\D/g, '')
    // no datetime: the latest memento
    const page = `/${String(form.get('archive'))}/${digits !== '' ? `${digits}/` : ''}${String(form.get('url'))}`
    this.page = page
    this.toHost({ type: 'open', page })
  }

  private save (): void {
    this.status = 'saving…'
    this.toHost({ type: 'worker', message: { type: 'save', id: this.nextId++, page: this.page } })
  }

  protected override firstUpdated (_changed: PropertyValues): void {
    document.documentElement.dataset.app = 'ready'
  }

  override render (): unknown {
    const [archive = '', second = '', ...rest] = this.page.split('/').slice(1)
    // `/<archive>/<url>` (the latest memento) has no datetime segment
    const datetime = /^\d+/.test(second) ? second.replace(/\D+$/, '') : ''
    if (datetime === '') rest.unshift(second)
    return html`
      <form @submit=${this.open}>
        <input name="archive" list="archives" placeholder="archive" .value=${archive} required>
        <datalist id="archives">${this.archives.map(a => html`<option value=${a.name}></option>`)}</datalist>
        <input name="datetime" placeholder="datetime (YYYYMMDDhhmmss)" .value=${datetime}>
        <input name="url" placeholder="archived URL" .value=${rest.join('/')} required>
        <button type="submit" ?disabled=${!this.hostReady}>open</button>
        <button type="button" id="save" @click=${this.save} ?disabled=${!this.hostReady || this.page === ''}>save for offline</button>
        <output>${this.status}</output>
      </form>
      <iframe title="replay" src=${`${this.replayOrigin}/replay.html#${encodeURIComponent(this.firstPage)}`}></iframe>
    `
  }
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`
const progressText = (p: SaveProgress): string => `saving ${p.done}/${p.total} (${p.blocks} blocks, ${kb(p.bytes)})`

customElements.define('iparo-app', IparoApp)
