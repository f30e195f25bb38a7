import { isObject, type FromHost, type FromWorker, type ToHost, type ToWorker } from '../browser/replay-messages.ts'

/** What the replay origin's worker answered to a GET relayed by the host page. */
export interface HostResponse {
  status: number
  contentType: string
  body: string
  headers?: Record<string, string>
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never

/**
 * The app's side of the replay host page: requests that expect an answer carry an id and resolve with
 * the matching reply. Everything goes through the host frame on the replay origin, because that origin's
 * worker (and its IndexedDB blocks) is what can answer, online or not.
 */
export class HostLink extends EventTarget {
  private nextId = 1
  private readonly waiting = new Map<number, { resolve: (m: FromHost) => void, progress?: (m: FromWorker) => void }>()
  // Messages posted before the host page listens are lost: they wait for its `ready`.
  private queue: ToHost[] | undefined = []

  constructor (private readonly frame: () => HTMLIFrameElement | null | undefined, readonly replayOrigin: string) {
    super()
  }

  /** Feed every window message here; those from the host are dispatched as `host-message` events. */
  receive (event: MessageEvent<unknown>): void {
    if (event.origin !== this.replayOrigin || !isObject(event.data)) return
    const message = event.data as FromHost
    if (message.type === 'ready') this.flush()
    if (message.type === 'fetched') {
      this.settle(message.id, message)
    } else if (message.type === 'worker') {
      const m = message.message
      if (m.type === 'save-progress') this.waiting.get(m.id)?.progress?.(m)
      else this.settle(m.id, message)
    }
    this.dispatchEvent(new CustomEvent<FromHost>('host-message', { detail: message }))
  }

  /** True once the host page said it is ready (its worker runs): until then messages are queued. */
  get ready (): boolean { return this.queue == null }

  send (message: ToHost): void {
    if (this.queue != null) { this.queue.push(message); return }
    this.frame()?.contentWindow?.postMessage(message, this.replayOrigin)
  }

  private flush (): void {
    const queued = this.queue ?? []
    this.queue = undefined
    for (const message of queued) this.send(message)
  }

  /** GET `path` on the replay origin (a TimeMap, an archive API), answered by its worker. */
  async get (path: string): Promise<HostResponse> {
    const id = this.nextId++
    const reply = await this.ask(id, { type: 'fetch', id, path })
    if (reply.type !== 'fetched') throw new Error(`unexpected reply ${reply.type} to a fetch`)
    return reply
  }

  /** Asks the worker; `progress` sees the intermediate replies (save-progress). */
  async worker (message: WithoutId<ToWorker>, progress?: (m: FromWorker) => void): Promise<FromWorker> {
    const id = this.nextId++
    const reply = await this.ask(id, { type: 'worker', message: { ...message, id } as ToWorker }, progress)
    if (reply.type !== 'worker') throw new Error(`unexpected reply ${reply.type} to a worker message`)
    return reply.message
  }

  private async ask (id: number, message: ToHost, progress?: (m: FromWorker) => void): Promise<FromHost> {
    return new Promise((resolve) => {
      this.waiting.set(id, progress != null ? { resolve, progress } : { resolve })
      this.send(message)
    })
  }

  private settle (id: number, message: FromHost): void {
    const waiter = this.waiting.get(id)
    if (waiter == null) return
    this.waiting.delete(id)
    waiter.resolve(message)
  }
}
