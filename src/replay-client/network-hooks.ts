import type { ArchiveUrls } from './archive-urls.ts'

/**
 * Requests from scripts go to the archive: `fetch`, XHR, `EventSource` and `sendBeacon` get URI-Ms.
 * `WebSocket` is refused (nothing live is replayed): the socket fails the way an unreachable server's does.
 * So is `navigator.serviceWorker.register`.
 */
export function hookNetwork (urls: ArchiveUrls): void {
  const nativeFetch = window.fetch
  window.fetch = function (input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    if (input instanceof Request) {
      const url = urls.rewrite(input.url, '')
      return nativeFetch.call(this, url === input.url ? input : new Request(url, input), init)
    }
    return nativeFetch.call(this, urls.rewrite(input, ''), init)
  }

  const open = XMLHttpRequest.prototype.open as (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) => void
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    open.call(this, method, urls.rewrite(url, ''), ...rest)
  } as typeof XMLHttpRequest.prototype.open

  const NativeEventSource = window.EventSource
  window.EventSource = class extends NativeEventSource {
    constructor (url: string | URL, init?: EventSourceInit) {
      super(urls.rewrite(url, ''), init)
    }
  }

  if (typeof navigator.sendBeacon === 'function') {
    const beacon = navigator.sendBeacon.bind(navigator)
    navigator.sendBeacon = (url: string | URL, data?: BodyInit | null) => beacon(urls.rewrite(url, ''), data)
  }

  window.WebSocket = RefusedWebSocket as unknown as typeof WebSocket

  // An archived page's own service worker would take over URLs of the replay origin from the replay's worker.
  const container = navigator.serviceWorker as ServiceWorkerContainer | undefined
  if (container != null) {
    container.register = async () => { throw new DOMException('service workers of archived pages are not replayed', 'SecurityError') }
  }
}

/** A WebSocket that never connects: `error` then `close` (code 1006), as for a server that cannot be reached. */
class RefusedWebSocket extends EventTarget {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSING = 2
  static readonly CLOSED = 3
  readonly CONNECTING = 0
  readonly OPEN = 1
  readonly CLOSING = 2
  readonly CLOSED = 3
  readyState = 0
  readonly bufferedAmount = 0
  readonly extensions = ''
  readonly protocol = ''
  binaryType: BinaryType = 'blob'
  onopen: ((e: Event) => void) | null = null
  onmessage: ((e: MessageEvent) => void) | null = null
  onerror: ((e: Event) => void) | null = null
  onclose: ((e: CloseEvent) => void) | null = null

  constructor (readonly url: string | URL) {
    super()
    this.url = String(url)
    setTimeout(() => {
      this.readyState = 3
      const error = new Event('error')
      this.onerror?.(error)
      this.dispatchEvent(error)
      const close = new CloseEvent('close', { code: 1006, reason: 'WebSockets are not replayed', wasClean: false })
      this.onclose?.(close)
      this.dispatchEvent(close)
    }, 0)
  }

  send (): void { throw new DOMException('the WebSocket is not open (WebSockets are not replayed)', 'InvalidStateError') }
  close (): void { this.readyState = 3 }
}
