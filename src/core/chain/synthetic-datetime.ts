import { fromEpochMs, type Datetime } from '../datetime.ts'

/**
 * A capture datetime for synthetic chains (the tests and bench/policies): a third of the instants get
 * nanosecond digits, as a function of the instant so that duplicate instants stay equal.
 */
export function syntheticDatetime (ms: number): Datetime {
  const extra = ms % 3 === 0 ? (ms * 7919) % 1_000_000 : 0
  const frac = String((ms % 1000) * 1_000_000 + extra).padStart(9, '0').replace(/0+$/, '')
  const whole = fromEpochMs(ms - (ms % 1000))
  return frac === '' ? whole : whole.replace('Z', `.${frac}Z`)
}
