import { toDigits } from '../datetime.ts'
import type { Datetime } from '../datetime.ts'
import type { Modifier, TimeMapFormat } from './replay-path.ts'

/** The URIs of one archive's Memento resources, absolute, under the origin and prefix replay is mounted at. */
export class MementoUrls {
  readonly base: string

  constructor (origin: string, prefix: string, readonly archive: string) {
    this.base = `${origin}${prefix}${archive}/`
  }

  memento (datetime: Datetime, url: string, modifier: Modifier = ''): string {
    return `${this.base}${toDigits(datetime)}${modifier}/${url}`
  }

  timegate (url: string): string {
    return `${this.base}timegate/${url}`
  }

  timemap (format: TimeMapFormat, url: string): string {
    return `${this.base}timemap/${format}/${url}`
  }
}
