import type { Capture } from '../../e2e/support/make-warc.ts'
import { appAttacks } from './attacks-app.ts'
import { frameAttacks } from './attacks-frames.ts'
import { hostAttacks } from './attacks-host.ts'
import { networkAttacks } from './attacks-network.ts'
import { storageAttacks } from './attacks-storage.ts'
import { workerAttacks } from './attacks-workers.ts'
import { hostileDocument, pageUrl, type Env, type Technique } from './page-kit.ts'

/**
 * Every technique, in the order a run plays them, all in one browser: effects add up as they would
 * for a user. Those that can break the replay for the pages after them when they get through (orders
 * to the worker, its registration, the host page) come last, the host page's last of all. The checks
 * after them restart the worker, so that anything it would read back at start takes effect.
 */
export const TECHNIQUES: Technique[] = [
  ...networkAttacks, ...frameAttacks, ...appAttacks, ...storageAttacks.filter(t => t.id !== 'cache-storage'), ...workerAttacks, ...hostAttacks,
  // last: any page the app loads after it refreshes the cached host page it poisons (network first),
  // and the offline check that follows opens exactly that cache
  ...storageAttacks.filter(t => t.id === 'cache-storage')
]

/**
 * The few the test suite plays (e2e/replay-hostile.spec.ts): one of each kind, chosen among those that
 * got through before the replay's trust boundary (docs/reliability-hostile.md). None ends in a
 * navigation to the outside: Chromium opens a TCP connection for an iframe navigation its CSP then
 * refuses, a leak no page code can close, reported by the full run, not made a test failure here.
 */
export const SAMPLE = ['rtc-stun', 'blank-realm', 'sandbox-escape', 'pushstate-archive', 'forge-reports', 'sw-call', 'idb-state', 'idb-blocks', 'sw-register', 'sw-unregister', 'app-origin-page', 'worker-messages', 'host-script']

export const HOSTILE_DATE = '2020-05-01T10:00:00Z'
export const HOSTILE_DIGITS = '20200501100000'
export const HOSTILE_SITE = 'http://hostile.example'

/** The records of the hostile archive: each technique's page, its second stage and extra resources. */
export function hostileCaptures (env: Env, techniques: Technique[]): Capture[] {
  const captures: Capture[] = []
  const add = (url: string, contentType: string, body: string): void => { captures.push({ url, date: HOSTILE_DATE, contentType, body }) }
  for (const t of techniques) {
    const page = hostileDocument(env, { id: t.id, ...(t.kind != null ? { kind: t.kind } : {}), markup: t.markup?.(env) ?? '', script: t.script(env) })
    add(pageUrl(env, t.id), page.contentType, page.body)
    if (t.stage2 != null) {
      const second = hostileDocument(env, { id: t.id, script: t.stage2(env) }, 2)
      add(`${pageUrl(env, t.id)}/stage2`, second.contentType, second.body)
    }
    for (const r of t.extra?.(env) ?? []) add(`${env.site}${r.path}`, r.contentType, r.body)
  }
  return captures
}

/** The techniques named, in the run's order; unknown names are an error (a typo must not shrink a run). */
export function pick (ids: readonly string[] | undefined): Technique[] {
  if (ids == null) return TECHNIQUES
  const unknown = ids.filter(id => !TECHNIQUES.some(t => t.id === id))
  if (unknown.length > 0) throw new Error(`unknown techniques: ${unknown.join(', ')}`)
  return TECHNIQUES.filter(t => ids.includes(t.id))
}
