import { isFromHost, type CallReply, type FromHost, type ToHost, type WorkerCall } from '../messages/replay-messages.ts'
import type { ReplaySettings } from '../messages/settings-defaults.ts'
import { callUrl, isCallMessage, type CallEnvelope } from '../messages/worker-call.ts'

/** What the replay origin's worker answered to a GET made for the app. */
export interface HostResponse {
  status: number
  contentType: string
  body: string
  headers?: Record<string, string>
}

/** What the app owns and pushes with every call: the worker keeps nothing of it but in memory. */
export interface OwnedState { settings: ReplaySettings | undefined, names: Record<string, string> }

export interface WorkerLinkOptions {
  /** the host page's frame, whose reports are heard */
  hostFrame: () => HTMLIFrameElement | null | undefined
  /** where call frames go (out of sight) */
  callFrames: () => HTMLElement | null | undefined
  replayOrigin: string
  owned: () => OwnedState
  /** whether a report naming this URI-M path may move the app (the archive it shows, nothing else) */
  accepts: (page: string) => boolean
}

/** How long a call's document may stay silent after it loaded before the call is given up. */
const SILENT_AFTER_LOAD_MS = 5000

interface Pending { frame: HTMLIFrameElement, progress?: (r: CallReply) => void, resolve: (r: CallReply) => void }

/**
 * The app's side of the replay origin (docs/replay-origins.md). Orders and questions for the worker
 * are calls: a frame of the app's own navigates to `REPLAY/sw/call?…`; the worker takes it because the
 * app's document started it, and answers from an opaque-origin document whose replies are heard only
 * from that frame. The host page's messages are reports, checked for source and shape and, for what
 * the frame shows, kept to the archive the app opened there.
 */
export class WorkerLink extends EventTarget {
  private readonly pending = new Map<string, Pending>()
  // Calls made before the host page's worker runs would reach the node, not the worker: they wait.
  private queue: Array<() => void> | undefined = []
  private pushing = false

  constructor (private readonly options: WorkerLinkOptions) {
    super()
  }

  get replayOrigin (): string { return this.options.replayOrigin }

  /** True once the host page said it is ready (its worker runs): until then calls are queued. */
  get ready (): boolean { return this.queue == null }

  /** Feed every window message here. */
  receive (event: MessageEvent<unknown>): void {
    if (isCallMessage(event.data)) { this.onReply(event); return }
    const host = this.options.hostFrame()?.contentWindow
    if (host == null || event.source !== host || event.origin !== this.options.replayOrigin || !isFromHost(event.data)) return
    const message = event.data
    if ((message.type === 'navigated' || message.type === 'page') && !this.options.accepts(message.page)) return
    if (message.type === 'ready') this.flush()
    if (message.type === 'settings-wanted') this.pushSettings()
    this.dispatchEvent(new CustomEvent<FromHost>('host-message', { detail: message }))
  }

  /**
   * Answers a worker that restarted without the app's settings. Any script of the replay origin can ask;
   * one push at a time, however often it does.
   */
  private pushSettings (): void {
    if (this.pushing) return
    this.pushing = true
    void this.call({ type: 'settings' }).catch(() => {}).finally(() => { this.pushing = false })
  }

  send (message: ToHost): void {
    this.options.hostFrame()?.contentWindow?.postMessage(message, this.options.replayOrigin)
  }

  private flush (): void {
    const queued = this.queue ?? []
    this.queue = undefined
    for (const go of queued) go()
  }

  /** Asks the worker; `progress` sees the intermediate replies (save-progress). */
  async call (call: WorkerCall, progress?: (r: CallReply) => void): Promise<CallReply> {
    if (this.queue != null) {
      const queue = this.queue
      await new Promise<void>((resolve) => { queue.push(resolve) })
    }
    const { settings, names } = this.options.owned()
    const envelope: CallEnvelope = { id: crypto.randomUUID(), call, names, ...(settings != null ? { settings } : {}) }
    return new Promise<CallReply>((resolve, reject) => {
      const frame = document.createElement('iframe')
      frame.hidden = true
      frame.title = 'replay worker call'
      // the worker acts on the referrer's origin: sent whatever the page's own policy
      frame.referrerPolicy = 'origin'
      let silence: ReturnType<typeof setTimeout> | undefined
      const done = (): void => { clearTimeout(silence); this.pending.delete(envelope.id); frame.remove() }
      this.pending.set(envelope.id, { frame, ...(progress != null ? { progress } : {}), resolve: (r) => { done(); resolve(r) } })
      frame.addEventListener('load', () => {
        // a refusal, or a node answering because no worker runs, loads without a final reply
        silence = setTimeout(() => { if (this.pending.has(envelope.id)) { done(); reject(new Error('the replay worker did not answer')) } }, SILENT_AFTER_LOAD_MS)
      })
      frame.src = callUrl(this.options.replayOrigin, envelope)
      const parent = this.options.callFrames() ?? document.body
      parent.append(frame)
    })
  }

  private onReply (event: MessageEvent<unknown>): void {
    if (!isCallMessage(event.data)) return
    const waiter = this.pending.get(event.data.iparoCall)
    // only the call's own frame speaks for it: its document is the worker's, on an opaque origin
    if (waiter == null || event.source !== waiter.frame.contentWindow || event.origin !== 'null') return
    if (event.data.final) waiter.resolve(event.data.reply)
    else waiter.progress?.(event.data.reply)
  }

  /** GET `path` on the replay origin (a TimeMap, an archive API), answered by its worker. */
  async get (path: string): Promise<HostResponse> {
    const reply = await this.call({ type: 'fetch', path })
    if (reply.type === 'error') throw new Error(`${reply.name}: ${reply.message}`)
    if (reply.type !== 'fetched') throw new Error(`unexpected reply ${reply.type} to a fetch`)
    return reply
  }
}
