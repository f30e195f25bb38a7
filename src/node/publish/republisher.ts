import { join } from 'node:path'
import { RECORD_LIFETIME_MS } from '../../core/naming/ipns-name.ts'
import { ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import { FolderLock } from '../folder-lock.ts'
import { recordPublished } from './published-to.ts'
import { heldRecord, needsResign } from './record-validity.ts'
import { normalizeRouterUrl } from './router-list.ts'
import { putToRouter } from './router-put.ts'

/** Hands a signed record to one place (a router, the DHT); resolves when that place took it. */
export type PutRecord = (ipns: string, record: Uint8Array, signal: AbortSignal) => Promise<unknown>
export interface RepublishTarget { name: string, put: PutRecord }

export interface RepublisherOptions {
  store: EmbeddedStore
  /** where every valid record goes on every run; a bare function is named `target N` */
  targets: Array<RepublishTarget | PutRecord>
  /** the lifetime of records re-signed here (default RECORD_LIFETIME_MS; `iparo serve --ipns-validity`) */
  validityMs?: number
  /** how often records are checked and sent again (default validity / 4, between 100 ms and 4 h) */
  intervalMs?: number
  /** the first run after start() (default: the interval, at most a minute: the DHT needs peers first) */
  initialDelayMs?: number
  /** the next run after one where a target failed (default: the interval, at most 5 minutes) */
  retryMs?: number
  /** how long one target may take with one record (default validity / 2, between 1 s and 30 s) */
  targetTimeoutMs?: number
  /** the clock records' remaining validity is judged by (tests move it) */
  now?: () => number
  onEvent?: (line: string) => void
}

export interface RepublishRun {
  resigned: Array<{ ipns: string, sequence: number }>
  sent: Array<{ ipns: string, target: string, ok: boolean, error?: string }>
  skipped: Array<{ ipns: string, reason: string }>
}

/** Kubo's Ipns.RepublishPeriod: well inside the 48 h the Amino DHT keeps a record it was given. */
const MAX_INTERVAL_MS = 4 * 3600_000
const clamp = (value: number, min: number, max: number): number => Math.min(Math.max(value, min), max)

/**
 * Keeps every IPNS record this node holds alive out there (docs/publishing.md): on a timer it goes
 * through `/iparo/ipns/*`, re-signs this folder's own archives (sequence + 1, same root) when less
 * than half their lifetime is left, and sends every valid record, own or adopted from a pin or a PUT,
 * to each target. Records it cannot renew (someone else's, expired) are left alone and reported.
 */
export class Republisher {
  private readonly registry: ArchiveRegistry
  private readonly targets: RepublishTarget[]
  private readonly validityMs: number
  private readonly intervalMs: number
  private readonly initialDelayMs: number
  private readonly retryMs: number
  private readonly targetTimeoutMs: number
  private readonly now: () => number
  private readonly event: (line: string) => void
  private timer: NodeJS.Timeout | undefined = undefined
  private started = false
  private current: Promise<RepublishRun> | undefined = undefined
  private controller: AbortController | undefined = undefined

  constructor (private readonly options: RepublisherOptions) {
    this.validityMs = options.validityMs ?? RECORD_LIFETIME_MS
    this.intervalMs = options.intervalMs ?? clamp(this.validityMs / 4, 100, MAX_INTERVAL_MS)
    this.initialDelayMs = options.initialDelayMs ?? Math.min(this.intervalMs, 60_000)
    this.retryMs = options.retryMs ?? Math.min(this.intervalMs, 300_000)
    this.targetTimeoutMs = options.targetTimeoutMs ?? clamp(this.validityMs / 2, 1000, 30_000)
    this.now = options.now ?? Date.now
    this.event = options.onEvent ?? (() => {})
    this.targets = options.targets.map((t, i) => typeof t === 'function' ? { name: `target ${i + 1}`, put: t } : t)
    // Its own wait for the archives lock, bounded: an ingest holding it for minutes publishes a
    // fresh record itself when done, and must neither stall this run nor keep stop() waiting.
    const { store } = options
    const archives = new FolderLock(join(store.dir, 'archives.lock'), { timeoutMs: clamp(this.validityMs / 10, 200, 5000) })
    this.registry = new ArchiveRegistry({ ...store, locks: { ...store.locks, archives } })
  }

  /** Whether a timer is set or a run is in flight: never, once stop() has resolved. */
  get active (): boolean {
    return this.timer != null || this.current != null
  }

  /** Starts the timer (idempotent). */
  start (): void {
    if (this.started) return
    this.started = true
    this.schedule(this.initialDelayMs)
  }

  /** Stops the timer, cancels sends in flight, and waits for the run to end (a re-sign is never cut short). */
  async stop (): Promise<void> {
    this.started = false
    clearTimeout(this.timer)
    this.timer = undefined
    this.controller?.abort(new Error('the republisher stopped'))
    await this.current?.catch(() => undefined)
  }

  /** One pass over every record; a pass already running is joined, never doubled. */
  async runOnce (): Promise<RepublishRun> {
    if (this.current != null) return this.current
    const controller = new AbortController()
    this.controller = controller
    const run = this.run(controller.signal).finally(() => {
      this.current = undefined
      this.controller = undefined
    })
    this.current = run
    return run
  }

  private schedule (delayMs: number): void {
    if (!this.started) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.runOnce().then(
        (done) => { this.schedule(done.sent.some(s => !s.ok) ? this.retryMs : this.intervalMs) },
        (err: unknown) => {
          this.event(`republish run failed: ${(err as Error).message}`)
          this.schedule(this.retryMs)
        })
    }, delayMs)
    // the HTTP server keeps `iparo serve` alive; this timer alone must not keep a process (a test) running
    this.timer.unref()
  }

  private async run (signal: AbortSignal): Promise<RepublishRun> {
    const done: RepublishRun = { resigned: [], sent: [], skipped: [] }
    const own = new Map((await this.registry.list()).map(a => [a.ipns, a.name]))
    const held: Array<{ ipns: string, bytes: Uint8Array }> = []
    for await (const { key, value } of this.options.store.datastore.query({ prefix: '/iparo/ipns/' })) held.push({ ipns: key.baseNamespace(), bytes: value })
    for (const { ipns, bytes } of held) {
      if (signal.aborted) break
      const record = await this.renewed(ipns, bytes, own.get(ipns), done)
      if (record != null) await this.send(ipns, record, signal, done)
    }
    return done
  }

  /** The record to send: re-signed first when it is this folder's own and due; undefined when none can be. */
  private async renewed (ipns: string, bytes: Uint8Array, name: string | undefined, done: RepublishRun): Promise<{ record: Uint8Array, sequence: bigint } | undefined> {
    const held = await heldRecord(ipns, bytes)
    const remaining = held.ok ? held.validUntil - this.now() : -Infinity
    if (name != null && (!held.ok || needsResign(remaining, this.validityMs))) {
      try {
        const fresh = await this.registry.publish(name, { lifetimeMs: this.validityMs })
        done.resigned.push({ ipns, sequence: Number(fresh.sequence) })
        this.event(`republished ${ipns} sequence ${fresh.sequence}`)
        return fresh
      } catch (err) {
        this.event(`cannot re-sign ${ipns} (${name}) now: ${(err as Error).message}`)
      }
    }
    const reason = !held.ok ? held.reason : remaining <= 0 ? 'it has expired' : undefined
    if (held.ok && reason == null) return held
    const why = `${reason ?? ''}${name == null ? '; only its key holder can sign a new one' : ''}`
    done.skipped.push({ ipns, reason: why })
    this.event(`not republishing ${ipns}: ${why}`)
    return undefined
  }

  private async send (ipns: string, held: { record: Uint8Array, sequence: bigint }, signal: AbortSignal, done: RepublishRun): Promise<void> {
    await Promise.all(this.targets.map(async ({ name, put }) => {
      let error: string | undefined
      try {
        await put(ipns, held.record, AbortSignal.any([signal, AbortSignal.timeout(this.targetTimeoutMs)]))
      } catch (err) {
        error = (err as Error).message
        if (!signal.aborted) this.event(`republish ${ipns} to ${name} failed: ${error}`)
      }
      done.sent.push({ ipns, target: name, ok: error == null, ...(error != null ? { error } : {}) })
      // a send cut short by stop() says nothing about the target: its last real answer stays on record
      if (!signal.aborted) await recordPublished(this.options.store, ipns, { target: name, ok: error == null, sequence: Number(held.sequence), at: new Date().toISOString(), ...(error != null ? { error } : {}) })
    }))
  }
}

/** Delegated routers as republish targets, each named by its URL (the lead adds the DHT: `network.putIpns`). */
export function routerTargets (urls: string[]): RepublishTarget[] {
  return urls.map(url => ({ name: normalizeRouterUrl(url), put: async (ipns, record, signal) => putToRouter(url, ipns, record, signal) }))
}
