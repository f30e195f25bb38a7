import { LitElement, css, html, nothing } from 'lit'
import type { ReplayTarget } from '../core/replay/replay-link.ts'
import { knownIpnsName } from './ipns-names.ts'
import { nodeState, type NodeState } from './node-info-client.ts'
import { loadPublicAppUrl } from './public-app-url.ts'
import { findArchive, shareLinks, type ShareLinks } from './share-links.ts'
import { richText } from './rich-text.ts'

export interface SharePanelOptions {
  target: ReplayTarget
  /** the shown version's content address, when known */
  cid: string | undefined
  gateway: string
  copy: (text: string, what: string) => void
  setGateway: (value: string) => void
}

/** Copies `text`; resolves with what to tell the person. */
export async function copyLink (text: string, what: string): Promise<string> {
  try {
    await navigator.clipboard.writeText(text)
    return `${what} copied`
  } catch {
    // no clipboard permission (an insecure origin, a test browser): the link is selectable in its field
    return `${what}: select the field and copy it`
  }
}

/** The "Share" panel: the replay link, the ipfs:// URL and a public gateway's link, each to copy. */
export function sharePanel (options: SharePanelOptions): unknown {
  return html`<share-panel .options=${options}></share-panel>`
}

const BASES: Record<ShareLinks['base'], string> = {
  setting: 'the public app URL set in Settings',
  node: 'the public app URL this node was started with (--app-url)',
  current: 'this page’s own address'
}

/**
 * The panel itself: once opened, it asks the node serving the app which archives it announces or has
 * pinned and where the app is public (shared by every panel of the page, asked again after 30 s), and
 * chooses the links with `shareLinks`. Without a node (a static host) it uses the setting or this page's
 * address and says what it cannot know. `data-state`: `idle`, `loading`, then `ready` once the node
 * answered or was found absent.
 */
export class SharePanel extends LitElement {
  static override properties = { options: { attribute: false }, node: { state: true } }

  static override styles = css`
    :host { display: inline-block; }
    details { position: relative; }
    details[open] > div { position: absolute; right: 0; z-index: 2; background: #fff; border: 1px solid #ccc; border-radius: 4px; padding: .6em; width: min(36em, 90vw); box-sizing: border-box;
      display: grid; grid-template-columns: auto 1fr auto; gap: .3em .4em; align-items: center; box-shadow: 0 4px 16px #0002; max-height: 80vh; overflow: auto; }
    summary { cursor: pointer; padding: .3em .5em; border: 1px solid #888; border-radius: 3px; list-style: none; }
    input { min-width: 0; font: inherit; }
    .wide { grid-column: 1 / -1; margin: 0 0 .3em; font-size: .9em; color: #444; }
    .warn { color: #7a4b00; background: #fff8e6; border: 1px solid #f0d49a; border-radius: 3px; padding: .3em .5em; }
    .muted { color: #666; }
    code { font-size: .95em; background: #0000000d; padding: 0 .2em; border-radius: 2px; }
  `

  options: SharePanelOptions | undefined
  node: NodeState | undefined

  override connectedCallback (): void {
    super.connectedCallback()
    // asked only when the panel is opened: the view is rendered (hidden) from the app's start on
    this.dataset.state = this.node != null ? 'ready' : 'idle'
  }

  private async refresh (): Promise<void> {
    if (this.node == null) this.dataset.state = 'loading'
    this.node = await nodeState()
    this.dataset.state = 'ready'
  }

  /** Opened (again): the node's state may have moved since (a pin done), the setting changed. */
  private onToggle (event: Event): void {
    if (!(event.target as HTMLDetailsElement).open) return
    this.requestUpdate()
    void this.refresh()
  }

  private links (options: SharePanelOptions): ShareLinks {
    const info = this.node?.info
    return shareLinks({
      target: options.target,
      cid: options.cid,
      current: location.href,
      setting: loadPublicAppUrl(),
      node: info,
      archive: info != null ? findArchive(this.node?.archives?.archives, options.target.archive) : undefined,
      knownIpns: knownIpnsName(options.target.archive),
      gateway: options.gateway
    })
  }

  override render (): unknown {
    const options = this.options
    if (options == null) return nothing
    // one <details> whatever it holds: replacing it would close the panel when the node answers
    return html`<details class="share" @toggle=${this.onToggle}><summary>Share</summary><div>${this.node == null
      ? html`<p class="wide muted" role="status">Asking the node what it announces and pins…</p>`
      : this.body(options)}</div></details>`
  }

  private body (options: SharePanelOptions): unknown {
    const { copy, setGateway } = options
    const links = this.links(options)
    const row = (id: string, label: string, value: string | undefined): unknown => html`
      <label for=${id}>${label}</label>
      <input id=${id} readonly .value=${value ?? 'unknown for this version'} @focus=${(e: Event) => { (e.target as HTMLInputElement).select() }}>
      <button type="button" ?disabled=${value == null} @click=${() => { if (value != null) copy(value, label) }}>copy</button>`
    return html`
      ${row('share-link', 'Replay link', links.replay)}
      <p class="wide" id="share-base" data-base=${links.base} data-reach=${links.reach}>Made with ${BASES[links.base]}.</p>
      ${links.reachNote != null ? html`<p class="wide warn" id="share-reach" role="note">${richText(links.reachNote)}</p>` : nothing}
      ${links.notes.map(note => html`<p class="wide share-note" role="note">${richText(note)}</p>`)}
      ${row('share-ipfs', 'ipfs:// URL', links.ipfs)}
      ${links.gateway != null ? row('share-gateway', 'Gateway link', links.gateway) : html`<span>Gateway link</span><span class="muted">not offered</span><span></span>`}
      <p class="wide" id="share-gateway-why" data-offered=${String(links.gateway != null)}>${richText(links.gatewayWhy)}</p>
      ${links.download != null && options.cid != null
        ? html`<span>WARC file</span><a id="share-download" href=${links.download} download=${`${options.cid}.warc`}>Download ${options.cid.slice(0, 12)}….warc</a><span></span>`
        : nothing}
      <label for="gateway">Public gateway</label>
      <input id="gateway" .value=${options.gateway} @change=${(e: Event) => { setGateway((e.target as HTMLInputElement).value) }}>
      <span></span>`
  }
}

customElements.define('share-panel', SharePanel)
