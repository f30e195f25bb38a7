import { DEFAULT_QUOTA_BYTES, PUBLIC_GATEWAYS, PUBLIC_ROUTERS, cleanUrls, type ReplaySettings } from '../src/messages/settings-defaults.ts'

/**
 * What the server that delivered the worker says (`/sw-config.js`, imported by the worker, so the
 * browser keeps it with the worker's script, where no page can change it): which origins the app
 * lives on, and the default gateways and routers (an `iparo serve` node names itself).
 */
export interface SwConfig {
  appOrigins: string[]
  /** the origin archived pages replay on; a worker on any other origin (the app's) replays nothing */
  replayOrigin?: string
  gateways?: string[]
  routers?: string[]
}

export function defaultSettings (config: SwConfig): ReplaySettings {
  return {
    gateways: cleanUrls(config.gateways) ?? PUBLIC_GATEWAYS,
    routers: cleanUrls(config.routers) ?? PUBLIC_ROUTERS,
    quotaBytes: DEFAULT_QUOTA_BYTES
  }
}

/** The origins whose documents may give the worker orders; none listed means the app shares this origin. */
export function appOriginsOf (config: SwConfig, ownOrigin: string): Set<string> {
  const origins = (Array.isArray(config.appOrigins) ? config.appOrigins : []).map(o => URL.parse(o)?.origin).filter((o): o is string => o != null && o !== 'null')
  return new Set(origins.length > 0 ? origins : [ownOrigin])
}

/** Whether the worker on `ownOrigin` replays: archived scripts must never run on the app's origin. */
export function replaysHere (config: SwConfig, ownOrigin: string): boolean {
  return config.replayOrigin == null || URL.parse(config.replayOrigin)?.origin === ownOrigin
}

/** How long a worker that started without the app's settings waits for them when an app is there to send them. */
const APP_PATIENCE_MS = 1500

/**
 * The settings in force, in memory only. They come from the app with every call (sw/call-handler.ts);
 * nothing a page of this origin can write (IndexedDB, caches, messages) is read back as settings. A
 * worker the browser restarted has none until the app's next call: it asks the open app for them
 * (`settings-wanted`, a hint any page could send, answered by an authenticated call) and waits a
 * moment, else uses the defaults the server gave with the worker.
 */
export class SwSettings {
  private fromApp: ReplaySettings | undefined = undefined
  /** an authenticated call came since the worker started, with or without settings of the app's own */
  private spoke = false
  private names: Readonly<Record<string, string>> = {}
  private arrived: Array<() => void> = []

  constructor (
    readonly defaults: ReplaySettings,
    /** asks the open app pages to push their settings; false when none is open */
    private readonly askApp: () => Promise<boolean>,
    private readonly patienceMs = APP_PATIENCE_MS
  ) {}

  get heardFromApp (): boolean { return this.fromApp != null }

  /** The settings now, without waiting. */
  inForce (): ReplaySettings { return this.fromApp ?? this.defaults }

  /** The settings to build a node with: the app's, waiting briefly for them after a restart. */
  async current (): Promise<ReplaySettings> {
    if (!this.spoke && await this.askApp()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.patienceMs)
        function done (): void { clearTimeout(timer); resolve() }
        this.arrived.push(done)
      })
    }
    return this.inForce()
  }

  /**
   * Takes what an authenticated call carried. True when blocks or records now come from elsewhere
   * (the caller rebuilds its node).
   */
  push (settings: ReplaySettings | undefined, names: Record<string, string> | undefined): boolean {
    this.spoke = true
    for (const done of this.arrived.splice(0)) done()
    if (names != null) this.names = { ...names }
    if (settings == null) return false
    const before = this.inForce()
    this.fromApp = settings
    return before.gateways.join('\n') !== settings.gateways.join('\n') || before.routers.join('\n') !== settings.routers.join('\n')
  }

  /** The IPNS name or root CID the app knows for a local archive name. */
  nameOf (archive: string): string | undefined {
    return Object.hasOwn(this.names, archive) ? this.names[archive] : undefined
  }

  /** Eviction waits for the app's word: a restarted worker must not evict down to a default the user raised. */
  quota (): number {
    return this.spoke ? this.inForce().quotaBytes : Number.POSITIVE_INFINITY
  }
}
