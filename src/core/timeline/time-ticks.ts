import type { TimeSpan } from './time-span.ts'

export interface Tick { ms: number, label: string }

type Unit = 'second' | 'minute' | 'hour' | 'day' | 'month' | 'year'
interface Step { unit: Unit, n: number, ms: number }

const S = 1000
const M = 60 * S
const H = 60 * M
const D = 24 * H
// Approximate lengths, only to pick a step; ticks themselves fall on calendar boundaries (UTC).
const MONTH = 30.44 * D
const YEAR = 365.2425 * D

const STEPS: Step[] = [
  ...[1, 2, 5, 10, 15, 30].map(n => ({ unit: 'second' as const, n, ms: n * S })),
  ...[1, 2, 5, 10, 15, 30].map(n => ({ unit: 'minute' as const, n, ms: n * M })),
  ...[1, 2, 3, 6, 12].map(n => ({ unit: 'hour' as const, n, ms: n * H })),
  ...[1, 2, 7, 14].map(n => ({ unit: 'day' as const, n, ms: n * D })),
  ...[1, 2, 3, 6].map(n => ({ unit: 'month' as const, n, ms: n * MONTH })),
  ...[1, 2, 5, 10, 20, 50, 100].map(n => ({ unit: 'year' as const, n, ms: n * YEAR }))
]

const pad = (n: number): string => String(n).padStart(2, '0')

/** The first boundary of `step` at or after `ms`, in UTC. */
function firstBoundary (ms: number, step: Step): Date {
  const d = boundaryAround(ms, step)
  return d.getTime() < ms ? advance(d, step) : d
}

/** A boundary of `step` within one step of `ms`: years and months rounded in the calendar, not in ms. */
function boundaryAround (ms: number, step: Step): Date {
  const d = new Date(ms)
  switch (step.unit) {
    case 'year': { const y = Math.ceil(d.getUTCFullYear() / step.n) * step.n; return new Date(Date.UTC(y, 0, 1)) }
    case 'month': { const m = Math.ceil(d.getUTCMonth() / step.n) * step.n; return new Date(Date.UTC(d.getUTCFullYear(), m, 1)) }
    case 'day': return new Date(Math.ceil(ms / (step.n * D)) * step.n * D)
    default: return new Date(Math.ceil(ms / step.ms) * step.ms)
  }
}

function advance (d: Date, step: Step): Date {
  if (step.unit === 'year') return new Date(Date.UTC(d.getUTCFullYear() + step.n, 0, 1))
  if (step.unit === 'month') return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + step.n, 1))
  return new Date(d.getTime() + step.ms)
}

function label (d: Date, unit: Unit): string {
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
  switch (unit) {
    case 'year': return String(d.getUTCFullYear())
    case 'month': return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`
    case 'day': return date
    case 'hour':
    case 'minute': return `${date} ${time}`
    case 'second': return `${time}:${pad(d.getUTCSeconds())}`
  }
}

/**
 * Axis ticks on calendar boundaries (UTC, as memento datetimes are), about `wanted` of them across the
 * span, labelled as precisely as the step needs: years, months, days, minutes, seconds.
 */
export function timeTicks (span: TimeSpan, wanted: number): Tick[] {
  const ideal = (span.end - span.start) / Math.max(1, wanted)
  const step = STEPS.find(s => s.ms >= ideal) ?? STEPS[STEPS.length - 1]
  if (step == null) return []
  const ticks: Tick[] = []
  for (let d = firstBoundary(span.start, step); d.getTime() <= span.end && ticks.length < 1000; d = advance(d, step)) {
    ticks.push({ ms: d.getTime(), label: label(d, step.unit) })
  }
  return ticks
}
