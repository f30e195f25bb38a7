import { toDigits } from '../datetime.ts'
import type { Datetime } from '../datetime.ts'
import { headerSafeUri } from './header-safe-uri.ts'
import type { Modifier, TimeMapFormat } from './replay-path.ts'

/**
 * The URIs of one archive's Memento resources, absolute, under the origin and prefix replay is mounted
 * at. They go into Location, Content-Location and Link headers, so the archived URL in them is made
 * header-safe (non-ASCII percent-encoded; the same URL for lookups).
 */
export class MementoUrls {
  readonly base: string

  constructor (origin: string, prefix: string, readonly archive: string) {
    this.base = `${origin}${prefix}${archive}/`
  }

  memento (datetime: Datetime, url: string, modifier: Modifier = ''): string {
    return `${this.base}${toDigits(datetime)}${modifier}/${headerSafeUri(url)}`
  }

  timegate (url: string): string {
    return `${this.base}timegate/${headerSafeUri(url)}`
  }

  timemap (format: TimeMapFormat, url: string): string {
    return `${this.base}timemap/${format}/${headerSafeUri(url)}`
  }
}
