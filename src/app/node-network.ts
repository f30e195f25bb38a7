import { LitElement, css, html, nothing } from 'lit'
import { appStyles } from './app-styles.ts'
import { fetchNodeState, type NodeState } from './node-info-client.ts'
import type { ArchivePin, NodeArchiveInfo, NodeNetwork, PublishedTo } from './node-info.ts'

/** `2026-11-20T10:05:00.000Z` → `2026-11-20 10:05:00 UTC`; anything else as it came. */
function when (iso: string | undefined): string {
  return iso != null && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : iso ?? ''
}

/**
 * The settings page's Network section (read-only): what the node serving the app says of its libp2p
 * side (addresses, reachability, or offline), the routers it publishes records to and where each
 * archive's record went, and the pinning services with each archive's pin status
 * (`GET /api/v1/node`, `GET /api/v1/node/archives`). `data-state` is `ready` once it has asked.
 */
export class NodeNetworkView extends LitElement {
  static override properties = { node: { state: true } }

  static override styles = [appStyles, css`
    :host { display: grid; gap: .6em; }
    p { margin: 0; }
    ul { margin: 0; padding-left: 1.2em; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: 0; }
    dd { margin: 0; min-width: 0; }
    h3 { margin: .6em 0 .2em; }
    .archive { border: 1px solid var(--line); border-radius: 6px; padding: .5em .8em; display: grid; gap: .3em; }
    .archive h4 { margin: 0; }
    @media (max-width: 560px) { dl { grid-template-columns: 1fr; } dd { margin-bottom: .4em; } }
  `]

  node: NodeState | undefined

  override connectedCallback (): void {
    super.connectedCallback()
    void this.refresh()
  }

  private async refresh (): Promise<void> {
    this.dataset.state = 'loading'
    this.node = await fetchNodeState()
    this.dataset.state = 'ready'
  }

  private libp2p (network: NodeNetwork | undefined): unknown {
    if (network == null) return html`<p class="muted" id="network-unknown">The node does not say whether it runs libp2p.</p>`
    if (!network.online) {
      return html`<p id="network-offline"><strong>Offline</strong>: this node runs no libp2p node (<code>iparo serve --offline</code>, or none yet), so it announces nothing to the IPFS network and pins wait. Its HTTP gateway and routing still answer.</p>`
    }
    const { reachability: r } = network
    return html`<dl id="libp2p">
      <dt>Peer ID</dt><dd class="mono" id="peer-id">${network.peerId}</dd>
      <dt>Reachability</dt><dd id="reachability" data-status=${r.status}><strong class=${r.status === 'public' || r.status === 'relayed' ? 'ok' : 'bad'}>${r.status}</strong>${r.detail !== '' ? html`: ${r.detail}` : nothing}</dd>
      <dt>libp2p addresses</dt><dd>${network.addresses.length === 0
        ? html`<span class="muted">none yet</span>`
        : html`<ul id="addresses">${network.addresses.map(a => html`<li class="mono">${a}</li>`)}</ul>`}</dd>
    </dl>`
  }

  private published (list: PublishedTo[] | undefined, name: string): unknown {
    if (list == null) return html`<span class="muted">unknown</span>`
    if (list.length === 0) return html`<span class="muted">not yet: <code>iparo publish ${name}</code></span>`
    return html`<ul>${list.map(p => html`<li data-target=${p.target}><span class="mono">${p.target}</span>:
      <strong class=${p.ok ? 'ok' : 'bad'}>${p.ok ? 'ok' : 'failed'}</strong>${p.sequence != null ? `, sequence ${p.sequence}` : ''}${p.at != null ? `, ${when(p.at)}` : ''}${p.error != null ? ` (${p.error})` : ''}</li>`)}</ul>`
  }

  private archive (a: NodeArchiveInfo): unknown {
    return html`<article class="archive" data-archive=${a.name}>
      <h4>${a.name}</h4>
      <dl>
        <dt>IPNS name</dt><dd class="mono">${a.ipns}</dd>
        <dt>Announced</dt><dd class="announced">${a.announced == null ? html`<span class="muted">unknown</span>` : a.announced ? 'yes, by this node' : 'no'}</dd>
        <dt>Published to</dt><dd class="published">${this.published(a.published, a.name)}</dd>
      </dl>
    </article>`
  }

  /** Each service, with every archive's status there ("not pinned" where it has none). */
  private services (): unknown {
    const archives = this.node?.archives?.archives ?? []
    const named = new Map((this.node?.archives?.services ?? []).map(s => [s.name, s.endpoint]))
    for (const pin of archives.flatMap(a => a.pins ?? [])) if (!named.has(pin.service)) named.set(pin.service, pin.endpoint)
    if (named.size === 0 && this.node?.archives?.services == null) return html`<p class="muted">The node does not say.</p>`
    if (named.size === 0) return html`<p class="muted" id="no-pinning-services">No pinning service is configured: <code>iparo pin ARCHIVE --service URL --token TOKEN</code> adds one.</p>`
    const statusOf = (a: NodeArchiveInfo, service: string): ArchivePin | undefined => a.pins?.find(p => p.service === service)
    return html`<ul id="pinning-services">${[...named].map(([name, endpoint]) => html`<li data-service=${name}>
      <strong>${name}</strong> <span class="mono">${endpoint}</span>
      <ul>${archives.map(a => { const pin = statusOf(a, name); return html`<li data-archive=${a.name} data-status=${pin?.status ?? 'none'}>${a.name}: ${pin == null
        ? html`<span class="muted">${a.pins == null ? 'unknown' : 'not pinned'}</span>`
        : html`<strong class=${pin.status === 'pinned' ? 'ok' : pin.status === 'failed' ? 'bad' : ''}>${pin.status}</strong>${pin.updated != null ? `, ${when(pin.updated)}` : ''}${pin.cid != null && pin.cid !== a.root ? html` <span class="muted">(an earlier state, <span class="mono">${pin.cid}</span>: pin again for the captures since)</span>` : nothing}`}</li>` })}</ul>
    </li>`)}</ul>`
  }

  override render (): unknown {
    const node = this.node
    if (node == null) return html`<p class="muted">Asking the node…</p>`
    if (node.info == null) {
      return html`<p class="muted" id="network-none">No IPARO node serves this app (a static web host, or the node is stopped): there is no node to announce archives or pin them. Share links use the public app URL set above, or this page’s address.</p>`
    }
    const routers = node.info.routers
    const archives = node.archives?.archives
    return html`
      ${this.libp2p(node.info.network)}
      <h3>Delegated routers IPNS records are published to</h3>
      ${routers == null
        ? html`<p class="muted">The node does not say.</p>`
        : routers.length === 0 ? html`<p class="muted" id="publish-routers">None configured.</p>` : html`<ul id="publish-routers">${routers.map(r => html`<li class="mono">${r}</li>`)}</ul>`}
      <h3>Pinning services</h3>
      ${this.services()}
      <h3>Archives</h3>
      ${archives == null ? html`<p class="muted">The node does not say.</p>` : archives.length === 0 ? html`<p class="muted">This node holds no archive.</p>` : archives.map(a => this.archive(a))}
      <div><button type="button" @click=${() => { void this.refresh() }}>Refresh</button></div>
    `
  }
}

customElements.define('node-network', NodeNetworkView)
