/**
 * WebRTC is the one way out of a replayed page that no Content-Security-Policy governs: a peer
 * connection with a STUN or TURN server sends UDP wherever it names. Archived pages have no live peer
 * to talk to, so the client script takes the constructors away from the page's realm and from every
 * same-origin frame realm the page makes (an about:blank or srcdoc frame carries fresh copies), as
 * soon as the frame is in the document. What this cannot reach is in docs/replay-origins.md.
 */
const WEBRTC = ['RTCPeerConnection', 'webkitRTCPeerConnection', 'RTCDataChannel', 'RTCIceTransport', 'RTCSctpTransport', 'RTCDtlsTransport', 'RTCRtpSender', 'RTCRtpReceiver', 'RTCRtpTransceiver', 'RTCIceCandidate', 'RTCSessionDescription']

const guarded = new WeakSet<object>()

/** Takes the WebRTC constructors away from one realm (a window of this origin; others cannot be reached). */
export function guardRealm (win: Window | null | undefined): void {
  if (win == null || guarded.has(win)) return
  try {
    for (const name of WEBRTC) Reflect.deleteProperty(win, name)
    guarded.add(win)
  } catch {
    // a frame on another origin: its realm is not this page's to change, nor to use
  }
}

/** Every frame under `root` (itself included), guarded, with the frames inside them. */
function guardFramesIn (root: Node): void {
  const frames: Element[] = []
  if (root instanceof HTMLIFrameElement || root instanceof HTMLFrameElement || root instanceof HTMLObjectElement) frames.push(root)
  if (root instanceof Element || root instanceof Document || root instanceof DocumentFragment) frames.push(...root.querySelectorAll('iframe, frame, object'))
  for (const frame of frames) {
    const inner = (frame as HTMLIFrameElement).contentWindow
    guardRealm(inner)
    try {
      if (inner?.document != null) guardFramesIn(inner.document)
    } catch {
      // another origin's frame
    }
  }
}

/** Wraps a DOM method so that whatever it inserted is guarded before the caller gets control back. */
function afterInsert (proto: object, name: string): void {
  const original = Reflect.get(proto, name) as unknown
  if (typeof original !== 'function') return
  Reflect.set(proto, name, function (this: unknown, ...args: unknown[]): unknown {
    const result: unknown = Reflect.apply(original, this, args)
    // nodes inserted as they are; HTML given as text lands under `this` (an element, a document)
    const nodes = args.filter((a): a is Node => a instanceof Node)
    for (const node of nodes.length > 0 ? nodes : this instanceof Node ? [this] : []) guardFramesIn(node)
    return result
  })
}

/** The same for a setter (`innerHTML`, `outerHTML`, `srcdoc`). */
function afterSet (proto: object, name: string): void {
  const descriptor = Object.getOwnPropertyDescriptor(proto, name)
  if (descriptor?.set == null) return
  const set = descriptor.set
  Object.defineProperty(proto, name, {
    ...descriptor,
    set (this: Node, value: unknown) {
      const parent = this.parentNode
      set.call(this, value)
      guardFramesIn(parent ?? this)
    }
  })
}

/** A getter that guards the realm it hands out. */
function guardOnRead (proto: object, name: string, realmOf: (value: unknown) => Window | null | undefined): void {
  const descriptor = Object.getOwnPropertyDescriptor(proto, name)
  const get = descriptor?.get
  if (descriptor == null || get == null) return
  Object.defineProperty(proto, name, {
    ...descriptor,
    get (this: Element) {
      const value: unknown = Reflect.apply(get, this, [])
      guardRealm(realmOf(value))
      return value
    }
  })
}

export function hookWebRtc (): void {
  guardRealm(window)
  for (const name of ['appendChild', 'insertBefore', 'replaceChild']) afterInsert(Node.prototype, name)
  for (const name of ['append', 'prepend', 'after', 'before', 'replaceWith', 'replaceChildren', 'insertAdjacentElement', 'insertAdjacentHTML']) afterInsert(Element.prototype, name)
  for (const name of ['write', 'writeln']) afterInsert(Document.prototype, name)
  afterInsert(Range.prototype, 'insertNode')
  for (const name of ['innerHTML', 'outerHTML']) afterSet(Element.prototype, name)
  afterSet(ShadowRoot.prototype, 'innerHTML')
  // A frame's document is replaced when it loads: the new realm is guarded when a script asks for it.
  for (const proto of [HTMLIFrameElement.prototype, HTMLFrameElement.prototype, HTMLObjectElement.prototype]) {
    guardOnRead(proto, 'contentWindow', (value) => value as Window | null)
    guardOnRead(proto, 'contentDocument', (value) => (value as Document | null)?.defaultView)
  }
  // Frames the parser inserts: observed before the next script of the page runs (a microtask checkpoint precedes it).
  new MutationObserver((records) => { for (const r of records) for (const node of r.addedNodes) guardFramesIn(node) })
    .observe(document, { childList: true, subtree: true })
  // A frame that loads a new document gets fresh constructors: guard it on every load.
  document.addEventListener('load', (event) => { if (event.target instanceof Element) guardFramesIn(event.target) }, true)
}
