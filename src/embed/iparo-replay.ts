/**
 * `<iparo-replay archive="…" url="…" datetime="…">`: one memento, with the app's banner and timeline,
 * on anyone's page (docs/embed.md). It holds no state and reads nothing: it frames the app's embed page
 * (`embed.html` on the origin this script came from), which replays through the replay origin as the app
 * does. The host page and the app stay different origins: the host can move the frame, never read it.
 */

import { embedAddress } from './embed-address.ts'

/** where the embed page is: beside this script, on the app's origin (found at run time, not by the bundler) */
const EMBED_PAGE = new URL('embed.html', new URL(import.meta.url))

const STYLE = ':host { display: flex; flex-direction: column; height: 600px; border: 1px solid #ccc; } iframe { flex: 1; width: 100%; min-height: 0; border: 0; display: block; } p, a { margin: 1em; font: 14px system-ui, sans-serif; } a { margin: .3em .6em; align-self: flex-end; font-size: 12px; }'

export class IparoReplay extends HTMLElement {
  static readonly observedAttributes = ['archive', 'url', 'datetime']
  private readonly root = this.attachShadow({ mode: 'open' })
  private frame: HTMLIFrameElement | undefined
  private open: HTMLAnchorElement | undefined

  connectedCallback (): void { this.show() }
  attributeChangedCallback (): void { if (this.isConnected) this.show() }

  private show (): void {
    const address = embedAddress(EMBED_PAGE, this.getAttribute('archive')?.trim() ?? '', this.getAttribute('url')?.trim() ?? '', this.getAttribute('datetime')?.trim() ?? '')
    if (address == null) {
      this.frame = undefined
      this.open = undefined
      this.root.innerHTML = `<style>${STYLE}</style><p role="alert">iparo-replay: set the archive (a name, IPNS name or root CID) and url attributes.</p>`
      return
    }
    if (this.frame == null) {
      this.root.innerHTML = `<style>${STYLE}</style>`
      this.frame = document.createElement('iframe')
      // The embed page is the app's origin: it needs its own scripts and storage (allow-same-origin is
      // its own origin, never the host's) and frames the replay origin. No popups, no top navigation:
      // neither the app nor an archived page can take the host page away.
      this.frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms')
      this.frame.setAttribute('referrerpolicy', 'origin')
      this.frame.title = this.getAttribute('title') ?? 'Archived page'
      // The same memento in the app itself, in a tab of its own: where this browser refuses storage to
      // frames of another site, the frame cannot start its service worker (docs/embed.md).
      this.open = document.createElement('a')
      this.open.part.add('open')
      this.open.target = '_blank'
      this.open.rel = 'noopener'
      this.open.textContent = 'Open in IPARO ↗'
      this.root.append(this.frame, this.open)
    }
    if (this.open != null) this.open.href = `${new URL('./', EMBED_PAGE).href}${new URL(address).hash}`
    // Only the hash changes between mementos: the embed page follows it without reloading.
    if (this.frame.src !== address) this.frame.src = address
  }
}

if (customElements.get('iparo-replay') == null) customElements.define('iparo-replay', IparoReplay)
