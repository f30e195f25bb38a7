import type { MementoRef } from '../chain/index.ts'
import type { Datetime } from '../datetime.ts'
import type { Modifier } from './replay-path.ts'
import type { OpenedMemento } from './url-versions.ts'

/** A URI-M read that resolves to another datetime: the redirect to it. */
export interface PlannedRedirect { kind: 'redirect', location: string }

/** A URI-M read served here: everything its answer takes from the archive but the body's bytes. */
export interface PlannedMemento {
  kind: 'memento'
  opened: OpenedMemento
  m: MementoRef
  /** the URL asked for, and the modifier */
  url: string
  modifier: Modifier
  /** the URI-M of the capture served (Content-Location) */
  served: string
  /** the answer's fields before the body's own (Content-Length, Content-Range…) */
  headers: Array<[string, string]>
  exact: boolean
  at: Datetime | undefined
  archive: string
}

export type MementoPlan = PlannedRedirect | PlannedMemento

/**
 * Plans of URI-M reads, keyed by archive root CID and request URL. A root is immutable, so what a read
 * of a URI-M resolves to in it (the URL-map entry, the capture, its neighbours, its decoded head, the
 * Link and Location fields) never changes; a new ingest is a new root, and a new key. Only what was
 * built from verified blocks is kept: the body's blocks are read, and verified, on every request.
 * Under load this is most of a replay's work (bench/serve). Bounded, least recently used first out.
 */
export class MementoPlans {
  private readonly plans = new Map<string, MementoPlan>()

  constructor (private readonly limit = 2048) {}

  get (key: string): MementoPlan | undefined {
    const plan = this.plans.get(key)
    if (plan != null) {
      this.plans.delete(key)
      this.plans.set(key, plan)
    }
    return plan
  }

  set (key: string, plan: MementoPlan): void {
    if (this.plans.size >= this.limit && !this.plans.has(key)) {
      const oldest = this.plans.keys().next()
      if (oldest.done !== true) this.plans.delete(oldest.value)
    }
    this.plans.set(key, plan)
  }
}
