import { WEBRTC_CONSTRUCTORS } from '../messages/webrtc-constructors.ts'
import type { Realm } from './dom-hooks.ts'

/**
 * A replayed page can make same-origin frame realms (an about:blank or srcdoc frame, a frame whose
 * document it writes) and use their pristine DOM and WebRTC to get past the client script: an iframe
 * `src` set through a fresh realm's `setAttribute` is not rewritten, and Chromium opens a connection
 * for such a navigation before the CSP refuses it; a `<link rel=preconnect>` is not governed by the CSP
 * at all; and no CSP governs WebRTC (a peer connection sends UDP wherever its STUN server is). So every
 * realm the page makes gets what the page's own realm gets, as soon as it is reachable: the page's
 * per-realm hooks, no WebRTC constructors, and these same guards for the frames it makes in turn.
 * What this cannot reach is in docs/replay-origins.md.
 */
const FRAMES = new Set(['IFRAME', 'FRAME', 'OBJECT'])

/** Guards the page's realm and every same-origin realm it makes; `perRealm` is the client's hooks for one realm. */
export function guardRealms (perRealm: (win: Realm) => void): void {
  const guarded = new WeakSet<object>()
  const guard = (win: Window | null | undefined): void => {
    if (win == null || guarded.has(win)) return
    try {
      const realm = win as Realm
      void realm.document // throws for a frame on another origin: not this page's to change, nor to use
      guarded.add(win)
      for (const name of WEBRTC_CONSTRUCTORS) Reflect.deleteProperty(realm, name)
      perRealm(realm)
      hookInsertions(realm, guard)
    } catch {
      // another origin's frame
    }
  }
  guard(window)
}

/** Every frame under `root` (itself included), guarded. Elements of other realms fail `instanceof`: names are compared. */
function guardFramesIn (root: unknown, guard: (win: Window | null | undefined) => void): void {
  const node = root as { nodeName?: string, querySelectorAll?: (s: string) => ArrayLike<unknown>, contentWindow?: Window | null }
  if (typeof node?.nodeName !== 'string') return
  const frames: unknown[] = FRAMES.has(node.nodeName) ? [node] : []
  if (typeof node.querySelectorAll === 'function') frames.push(...Array.from(node.querySelectorAll('iframe, frame, object')))
  for (const frame of frames) {
    const inner = (frame as { contentWindow?: Window | null }).contentWindow
    guard(inner)
    try {
      if (inner?.document != null) guardFramesIn(inner.document, guard)
    } catch {
      // another origin's frame
    }
  }
}

/** Wraps a DOM method so that whatever it inserted is guarded before the caller gets control back. */
function afterInsert (proto: object, name: string, guard: (win: Window | null | undefined) => void): void {
  const original = Reflect.get(proto, name) as unknown
  if (typeof original !== 'function') return
  Reflect.set(proto, name, function (this: unknown, ...args: unknown[]): unknown {
    const result: unknown = Reflect.apply(original, this, args)
    // nodes inserted as they are; HTML given as text lands under `this` (an element, a document)
    const nodes = args.filter(a => typeof (a as { nodeName?: unknown })?.nodeName === 'string')
    for (const node of nodes.length > 0 ? nodes : [this]) guardFramesIn(node, guard)
    return result
  })
}

/** The same for a setter (`innerHTML`, `outerHTML`). */
function afterSet (proto: object, name: string, guard: (win: Window | null | undefined) => void): void {
  const descriptor = Object.getOwnPropertyDescriptor(proto, name)
  if (descriptor?.set == null) return
  const set = descriptor.set
  Object.defineProperty(proto, name, {
    ...descriptor,
    set (this: Node, value: unknown) {
      const parent = this.parentNode
      set.call(this, value)
      guardFramesIn(parent ?? this, guard)
    }
  })
}

/** A getter that guards the realm it hands out (`contentWindow`, `contentDocument`). */
function guardOnRead (proto: object, name: string, realmOf: (value: unknown) => Window | null | undefined, guard: (win: Window | null | undefined) => void): void {
  const descriptor = Object.getOwnPropertyDescriptor(proto, name)
  const get = descriptor?.get
  if (descriptor == null || get == null) return
  Object.defineProperty(proto, name, {
    ...descriptor,
    get (this: Element) {
      const value: unknown = Reflect.apply(get, this, [])
      guard(realmOf(value))
      return value
    }
  })
}

function hookInsertions (win: Realm, guard: (win: Window | null | undefined) => void): void {
  for (const name of ['appendChild', 'insertBefore', 'replaceChild']) afterInsert(win.Node.prototype, name, guard)
  for (const name of ['append', 'prepend', 'after', 'before', 'replaceWith', 'replaceChildren', 'insertAdjacentElement', 'insertAdjacentHTML']) afterInsert(win.Element.prototype, name, guard)
  for (const name of ['write', 'writeln']) afterInsert(win.Document.prototype, name, guard)
  afterInsert(win.Range.prototype, 'insertNode', guard)
  for (const name of ['innerHTML', 'outerHTML']) afterSet(win.Element.prototype, name, guard)
  afterSet(win.ShadowRoot.prototype, 'innerHTML', guard)
  // A frame's document is replaced when it loads: the new realm is guarded when a script asks for it.
  for (const proto of [win.HTMLIFrameElement.prototype, win.HTMLFrameElement.prototype, win.HTMLObjectElement.prototype]) {
    guardOnRead(proto, 'contentWindow', (value) => value as Window | null, guard)
    guardOnRead(proto, 'contentDocument', (value) => (value as Document | null)?.defaultView, guard)
  }
  // Frames the parser inserts: observed before the next script of the page runs (a microtask checkpoint precedes it).
  new win.MutationObserver((records) => { for (const r of records) for (const node of r.addedNodes) guardFramesIn(node, guard) })
    .observe(win.document, { childList: true, subtree: true })
  // A frame that loads a new document gets a fresh realm: guard it on every load.
  win.document.addEventListener('load', (event) => { guardFramesIn(event.target, guard) }, true)
}
