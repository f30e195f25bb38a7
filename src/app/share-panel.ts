import { html } from 'lit'
import { gatewayLink, ipfsLink, replayLink, type ReplayTarget } from '../core/replay/replay-link.ts'

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
export function sharePanel ({ target, cid, gateway, copy, setGateway }: SharePanelOptions): unknown {
  const link = replayLink(location.href, target)
  const row = (id: string, label: string, value: string | undefined): unknown => html`
    <label for=${id}>${label}</label>
    <input id=${id} readonly .value=${value ?? 'unknown for this version'} @focus=${(e: Event) => { (e.target as HTMLInputElement).select() }}>
    <button type="button" ?disabled=${value == null} @click=${() => { if (value != null) copy(value, label) }}>copy</button>`
  return html`<details class="share"><summary>Share</summary><div>
    ${row('share-link', 'Replay link', link)}
    ${row('share-ipfs', 'ipfs:// URL', cid != null ? ipfsLink(cid) : undefined)}
    ${row('share-gateway', 'Gateway link', cid != null ? gatewayLink(gateway, cid) : undefined)}
    <label for="gateway">Public gateway</label>
    <input id="gateway" .value=${gateway} @change=${(e: Event) => { setGateway((e.target as HTMLInputElement).value) }}>
    <span></span>
  </div></details>`
}
