import { LitElement, css, html, nothing } from 'lit'
import { appStyles } from './app-styles.ts'
import { nodeState } from './node-info-client.ts'
import { cleanAppUrl, loadPublicAppUrl, savePublicAppUrl } from './public-app-url.ts'

/**
 * The "Public app URL" setting: where share links point, so that they open for others (the app hosted
 * on any static web host, or a node started with `iparo serve --app-url`). Kept on the app's origin with
 * its other settings; it wins over the node's `--app-url`.
 */
export class ShareSettings extends LitElement {
  static override properties = { value: { state: true }, nodeUrl: { state: true }, status: { state: true }, error: { state: true } }

  static override styles = [appStyles, css`
    :host { display: grid; gap: .6em; }
    p { margin: 0; }
    form { display: flex; flex-wrap: wrap; gap: .5em; align-items: center; }
    input { flex: 1 1 20em; }
  `]

  value = loadPublicAppUrl() ?? ''
  nodeUrl: string | undefined
  status = ''
  error: string | undefined

  override connectedCallback (): void {
    super.connectedCallback()
    void nodeState().then(state => { this.nodeUrl = state.info?.appUrl })
  }

  private save (event: SubmitEvent): void {
    event.preventDefault()
    const input = (event.target as HTMLFormElement).elements.namedItem('app-url') as HTMLInputElement
    const clean = cleanAppUrl(input.value)
    if (!clean.ok) { this.error = clean.message; this.status = ''; return }
    this.error = undefined
    savePublicAppUrl(clean.url)
    this.value = clean.url ?? ''
    input.value = this.value
    this.status = clean.url != null ? 'Public app URL saved.' : 'Public app URL cleared.'
  }

  override render (): unknown {
    return html`
      <p class="muted">Share links open the app at this address, naming the archive by its IPNS name. Host the output of
        <code>npm run build</code> on any static web host (or start the node with <code>iparo serve --app-url URL</code>) and
        put its address here; without it, links use this page’s address${this.nodeUrl != null ? ' or the node’s' : ''}, which may work only on this machine.</p>
      ${this.nodeUrl != null ? html`<p id="node-app-url">This node was started with <span class="mono">${this.nodeUrl}</span>; a URL set here wins.</p>` : nothing}
      <form novalidate @submit=${this.save}>
        <label for="app-url">Public app URL</label>
        <input id="app-url" name="app-url" type="url" inputmode="url" placeholder="https://archive.example.org/iparo/" .value=${this.value}>
        <button type="submit">Save</button>
      </form>
      ${this.error != null ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <p role="status" class="muted">${this.status}</p>
    `
  }
}

customElements.define('share-settings', ShareSettings)
