import { LitElement, css, html, nothing, type PropertyValues } from 'lit'
import type { CacheStats, CallReply, WorkerCall } from '../messages/replay-messages.ts'
import { DEFAULT_QUOTA_BYTES, PUBLIC_GATEWAYS, PUBLIC_ROUTERS, type ReplaySettings } from '../messages/settings-defaults.ts'
import { appStyles, formatBytes, formatCount } from './app-styles.ts'
import './endpoint-list.ts'
import './node-network.ts'
import './share-settings.ts'
import { saveOwnedSettings } from './owned-settings.ts'
import type { WorkerLink } from './worker-link.ts'

const MIB = 1024 * 1024

/**
 * Where the replay worker fetches from (trustless gateways for blocks, delegated routers for IPNS
 * records), how much it keeps, and a clear-cache control that spares what was saved for offline; the
 * public app URL share links use, and what the node says of its network side (node-network.ts).
 * The settings are the app's own (kept on the app origin, src/app/owned-settings.ts); the page shows
 * the ones in force as the worker answers them (its answer reaches only this app: worker-link.ts).
 */
export class AppSettings extends LitElement {
  static override properties = {
    link: { attribute: false },
    nodeOrigin: { type: String },
    settings: { state: true },
    stats: { state: true },
    status: { state: true },
    error: { state: true }
  }

  static override styles = [appStyles, css`
    :host { display: grid; gap: 1.6em; max-width: 60rem; }
    section { display: grid; gap: .6em; }
    p { margin: 0; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: 0; }
    dd { margin: 0; }
    .row { display: flex; flex-wrap: wrap; gap: .5em; align-items: center; }
    label { display: flex; gap: .5em; align-items: center; flex-wrap: wrap; }
    input[type=number] { width: 8em; }
    @media (max-width: 560px) { dl { grid-template-columns: 1fr; } dd { margin-bottom: .4em; } }
  `]

  link: WorkerLink | undefined
  /** the replay origin when it is an IPARO node: the default gateway and router */
  nodeOrigin = ''
  settings: ReplaySettings | undefined
  stats: CacheStats | undefined
  status = ''
  error: string | undefined

  protected override willUpdate (changed: PropertyValues<this>): void {
    if (changed.has('link') && this.link != null) void this.load()
  }

  private async ask (call: WorkerCall): Promise<CallReply | undefined> {
    if (this.link == null) return undefined
    let reply: CallReply
    try {
      reply = await this.link.call(call)
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err)
      return undefined
    }
    if (reply.type === 'error') { this.error = `${reply.name}: ${reply.message}`; return undefined }
    this.error = undefined
    return reply
  }

  private async load (): Promise<void> {
    const reply = await this.ask({ type: 'settings' })
    if (reply?.type === 'settings') this.settings = reply.settings
    await this.refreshStats()
  }

  private async refreshStats (): Promise<void> {
    const reply = await this.ask({ type: 'stats' })
    if (reply?.type === 'stats') this.stats = reply.stats
  }

  /** Kept on this origin first, then pushed with a call, whose answer is what the worker now uses. */
  private async save (update: Partial<ReplaySettings>, what: string): Promise<void> {
    if (this.settings == null) return
    this.status = 'Saving…'
    saveOwnedSettings({ ...this.settings, ...update })
    const reply = await this.ask({ type: 'settings' })
    if (reply?.type === 'settings') { this.settings = reply.settings; this.status = `${what} saved.` } else this.status = ''
  }

  private async restoreDefaults (): Promise<void> {
    const node = this.nodeOrigin.replace(/\/+$/, '')
    const sources = node !== '' ? { gateways: [node], routers: [node] } : { gateways: PUBLIC_GATEWAYS, routers: PUBLIC_ROUTERS }
    await this.save({ ...sources, quotaBytes: DEFAULT_QUOTA_BYTES }, 'Defaults')
  }

  private async clearCache (): Promise<void> {
    this.status = 'Clearing the cache…'
    const reply = await this.ask({ type: 'clear-cache' })
    if (reply?.type === 'stats') { this.stats = reply.stats; this.status = 'Cache cleared; pages saved for offline were kept.' } else this.status = ''
  }

  private onQuota (event: Event): void {
    const mib = Number((event.target as HTMLInputElement).value)
    if (Number.isFinite(mib) && mib >= 16) void this.save({ quotaBytes: Math.round(mib * MIB) }, 'Cache size')
  }

  override render (): unknown {
    return html`
      <h1>Settings</h1>
      ${this.link == null ? html`<p class="muted" role="status">Waiting for the replay worker to start…</p>` : this.workerSections()}
      <section aria-labelledby="sharing-heading">
        <h2 id="sharing-heading">Sharing</h2>
        <share-settings></share-settings>
      </section>
      <section aria-labelledby="network-heading" id="network">
        <h2 id="network-heading">Network</h2>
        <node-network></node-network>
      </section>
    `
  }

  /** What the replay worker fetches from and keeps: shown once it answers. */
  private workerSections (): unknown {
    const s = this.settings
    const st = this.stats
    return html`
      <div>
        <p class="muted">${this.nodeOrigin !== '' ? html`Served by the IPARO node at <span class="mono">${this.nodeOrigin}</span>; by default it is the gateway and the router.` : 'Not served by an IPARO node: public gateways and routers are the defaults.'}</p>
        ${this.error != null ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <p role="status" aria-live="polite" class="muted status">${this.status}</p>
      </div>
      <section aria-labelledby="gateways-heading">
        <h2 id="gateways-heading">Trustless gateways</h2>
        <p class="muted">Every block is fetched from these and checked against its CID before use.</p>
        ${s == null ? html`<p class="muted">Loading…</p>` : html`<endpoint-list id="gateways" kind="gateway" label="Gateways" .urls=${s.gateways}
          @endpoints-change=${(e: CustomEvent<{ urls: string[] }>) => { void this.save({ gateways: e.detail.urls }, 'Gateways') }}></endpoint-list>`}
      </section>
      <section aria-labelledby="routers-heading">
        <h2 id="routers-heading">Delegated routers</h2>
        <p class="muted">IPNS names are resolved through these; records are verified against the name's key.</p>
        ${s == null ? nothing : html`<endpoint-list id="routers" kind="router" label="Routers" .urls=${s.routers}
          @endpoints-change=${(e: CustomEvent<{ urls: string[] }>) => { void this.save({ routers: e.detail.urls }, 'Routers') }}></endpoint-list>`}
        <div class="row"><button type="button" id="defaults" @click=${() => { void this.restoreDefaults() }}>Restore defaults</button></div>
      </section>
      <section aria-labelledby="cache-heading">
        <h2 id="cache-heading">Cache</h2>
        ${st == null
          ? html`<p class="muted">Reading the cache…</p>`
          : html`<dl id="cache-stats">
              <dt>Kept in this browser</dt><dd data-bytes=${st.bytes}>${formatBytes(st.bytes)} in ${formatCount(st.blocks)} blocks</dd>
              <dt>Saved for offline</dt><dd data-saved-bytes=${st.savedBytes}>${formatBytes(st.savedBytes)} in ${formatCount(st.savedBlocks)} blocks (never evicted)</dd>
              <dt>Fetched since the worker started</dt><dd>${formatCount(st.fetched)} blocks</dd>
            </dl>`}
        ${s == null ? nothing : html`<label>Keep at most <input type="number" min="16" step="16" name="quota" .value=${String(Math.round(s.quotaBytes / MIB))} @change=${this.onQuota}> MiB of blocks not saved for offline</label>`}
        <div class="row">
          <button type="button" id="clear-cache" @click=${() => { void this.clearCache() }}>Clear cache</button>
          <button type="button" @click=${() => { void this.refreshStats() }}>Refresh</button>
          <span class="muted">Clearing keeps pages saved for offline.</span>
        </div>
      </section>
    `
  }
}

customElements.define('app-settings', AppSettings)
