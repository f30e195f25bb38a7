import { comparePositions, ORIGIN, type Position } from './key-entry.ts'

interface Ranged { from: Position, to: Position, count: number }

const at = (p: Position): string => `${p.pack}:${p.offset}`

/**
 * The runs the index uses: a chain from the origin where each run starts where the previous ended,
 * reaching the furthest position (fewest runs on a tie). Other runs are leftovers: a merge's inputs
 * after a crash, or a run another process wrote for a range the chain covers anyway.
 */
export function chooseChain<R extends Ranged> (runs: readonly R[]): R[] {
  const starting = new Map<string, R[]>()
  for (const r of runs) {
    if (comparePositions(r.to, r.from) <= 0) continue
    const list = starting.get(at(r.from))
    if (list == null) starting.set(at(r.from), [r])
    else list.push(r)
  }
  const best = new Map<string, { end: Position, path: R[] }>()
  const walk = (from: Position): { end: Position, path: R[] } => {
    const known = best.get(at(from))
    if (known != null) return known
    let result = { end: from, path: [] as R[] }
    for (const r of starting.get(at(from)) ?? []) {
      const rest = walk(r.to)
      const c = comparePositions(rest.end, result.end)
      if (c > 0 || (c === 0 && rest.path.length + 1 < result.path.length)) result = { end: rest.end, path: [r, ...rest.path] }
    }
    best.set(at(from), result)
    return result
  }
  return walk(ORIGIN).path
}
