import type { Output } from './command.ts'

function mb (bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`
}

function duration (seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--'
  const m = Math.floor(seconds / 60)
  const s = Math.floor(seconds % 60)
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`
}

/**
 * One status line on a terminal, redrawn at most ten times a second: records, bytes read of the
 * total, rate and ETA (from file bytes, the only total known before the end).
 */
export class ProgressBar {
  private last = 0
  private readonly started = Date.now()
  private shown = { records: 0, fileBytes: 0 }
  /** what else the run is doing, after the figures (the namespace grinding's tries) */
  private extra = ''

  constructor (private readonly out: Output, private readonly totalBytes: number, private readonly now = Date.now) {}

  update (records: number, fileBytes: number, force = false): void {
    this.shown = { records, fileBytes }
    const t = this.now()
    if (!force && t - this.last < 100) return
    this.last = t
    const elapsed = Math.max((t - this.started) / 1000, 1e-3)
    const rate = fileBytes / elapsed
    const fraction = this.totalBytes > 0 ? Math.min(fileBytes / this.totalBytes, 1) : 0
    const width = 24
    const filled = Math.round(fraction * width)
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled)
    const eta = rate > 0 ? (this.totalBytes - fileBytes) / rate : Infinity
    this.out.write(`\r${bar} ${(fraction * 100).toFixed(0).padStart(3)}%  ${records} records  ${mb(fileBytes)}/${mb(this.totalBytes)}  ${mb(rate)}/s  ETA ${duration(eta)}${this.extra} `)
  }

  /** Shows `text` after the figures from the next redraw on: a grind between records shows it moving. */
  note (text: string): void {
    this.extra = `  ${text}`
    this.update(this.shown.records, this.shown.fileBytes)
  }

  done (): void {
    this.out.write('\n')
  }
}
