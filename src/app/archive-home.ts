import { LitElement, css, html, nothing } from 'lit'
import { parseArchiveInput } from '../core/naming/archive-input.ts'
import { appStyles } from './app-styles.ts'
import type { OpenedArchives } from './opened-archives.ts'
import { errorText } from './page-source.ts'

/** An archive the serving node holds, as `/api/v1/archives` lists it. */
export interface NodeArchive { name: string, ipns?: string, root?: string, created?: string }

/**
 * The start page: open an archive by what the person has (a name, an IPNS name, a CID, an ipfs:// or
 * ipns:// URL, a link), pick one of the serving node's archives, or go back to one opened before.
 */
export class ArchiveHome extends LitElement {
  static override properties = {
    opened: { attribute: false },
    nodeArchives: { attribute: false },
    nodeStatus: { type: String },
    error: { state: true },
    revision: { state: true }
  }

  static override styles = [appStyles, css`
    :host { display: grid; gap: 1.5em; max-width: 60rem; }
    form { display: flex; flex-wrap: wrap; gap: .5em; align-items: end; }
    form label { display: grid; gap: .25em; flex: 1 1 20em; }
    ul { list-style: none; padding: 0; margin: 0; display: grid; gap: .4em; }
    li { display: flex; align-items: center; gap: .6em; flex-wrap: wrap; border: 1px solid var(--line); border-radius: 8px; padding: .5em .8em; }
    li a { font-weight: 600; }
    li .mono { flex: 1 1 12em; color: var(--muted); }
    .kind { font-size: .75em; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); border: 1px solid var(--line); border-radius: 4px; padding: 0 .4em; }
  `]

  opened: OpenedArchives | undefined
  nodeArchives: NodeArchive[] | undefined
  /** 'online' (the node answered), 'unreachable', or 'none' (not served by a node) */
  nodeStatus = 'none'
  error: string | undefined
  revision = 0
  private readonly onChange = (): void => { this.revision++ }

  override connectedCallback (): void {
    super.connectedCallback()
    this.opened?.addEventListener('change', this.onChange)
  }

  override disconnectedCallback (): void {
    this.opened?.removeEventListener('change', this.onChange)
    super.disconnectedCallback()
  }

  private open (event: SubmitEvent): void {
    event.preventDefault()
    const input = new FormData(event.target as HTMLFormElement).get('archive')
    try {
      const ref = parseArchiveInput(String(input ?? ''))
      this.error = undefined
      this.opened?.open(ref)
      location.hash = `#/${ref.id}${ref.rest != null ? `/${ref.rest}` : ''}`
    } catch (err) {
      this.error = errorText(err)
      this.renderRoot.querySelector<HTMLInputElement>('input[name=archive]')?.focus()
    }
  }

  private pick (archive: NodeArchive): void {
    this.opened?.open({ id: archive.name, kind: 'local' }, archive.name)
  }

  override render (): unknown {
    const opened = this.opened?.list ?? []
    return html`
      <section aria-labelledby="open-heading">
        <h1 id="open-heading">Open an archive</h1>
        <form @submit=${this.open}>
          <label>Archive name, IPNS name, root CID, or an ipfs:// / ipns:// URL or app link
            <input name="archive" required autocomplete="off" spellcheck="false" aria-describedby=${this.error != null ? 'open-error' : nothing}
              placeholder="k51qzi5uqu5d…, example.org, bafy…, ipns://…">
          </label>
          <button class="primary" type="submit">Open</button>
        </form>
        ${this.error != null ? html`<p class="error" id="open-error" role="alert">${this.error}</p>` : nothing}
      </section>
      ${opened.length > 0
        ? html`<section aria-labelledby="opened-heading">
            <h2 id="opened-heading">Opened archives</h2>
            <ul>${opened.map(a => html`<li>
              <a href=${`#/${a.id}`}>${a.label}</a><span class="kind">${a.kind}</span><span class="mono">${a.id !== a.label ? a.id : ''}</span>
              <button type="button" @click=${() => this.opened?.close(a.id)} aria-label=${`Forget ${a.label}`}>Forget</button>
            </li>`)}</ul>
          </section>`
        : nothing}
      <section aria-labelledby="node-heading">
        <h2 id="node-heading">On this node</h2>
        ${this.nodeArchives == null
          ? html`<p class="muted">${this.nodeStatus === 'unreachable'
              ? 'The node that served this app does not answer (offline?). Archives opened before still open from what this browser keeps.'
              : this.nodeStatus === 'none' ? 'This app is not served by an IPARO node: open archives by IPNS name or CID.' : 'Asking the node…'}</p>`
          : this.nodeArchives.length === 0
            ? html`<p class="muted">The node holds no archives yet (<code>iparo ingest</code> makes one).</p>`
            : html`<ul>${this.nodeArchives.map(a => html`<li>
                <a href=${`#/${a.name}`} @click=${() => { this.pick(a) }}>${a.name}</a><span class="kind">local</span>
                ${a.ipns != null ? html`<span class="mono" title="IPNS name">${a.ipns}</span>` : nothing}
              </li>`)}</ul>`}
      </section>
    `
  }
}

customElements.define('archive-home', ArchiveHome)
