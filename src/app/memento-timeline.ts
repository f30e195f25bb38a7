import { LitElement, css, html, svg, type PropertyValues } from 'lit'
import { densityBuckets } from '../core/timeline/density-buckets.ts'
import { closestVersion, type Version } from '../core/timeline/merge-versions.ts'
import { centreSpan, fitSpan, panSpan, spanAt, spanFraction, zoomSpan, type TimeSpan } from '../core/timeline/time-span.ts'
import { timeTicks } from '../core/timeline/time-ticks.ts'

/** How each archive of the timeline fared: its versions are drawn in its colour, its failure named. */
export interface TimelineSource { archive: string, label: string, count: number, error?: string, /** its TimeMap is on its way */ loading?: boolean }

/** Marks closer than this (px) become one cluster, which zooms in when clicked. */
const CLUSTER_PX = 10
const HEIGHT = 64
const COLOURS = ['#1565c0', '#c62828', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#4e342e', '#ad1457']

export const versionKey = (v: { archive: string, digits: string }): string => `${v.archive}/${v.digits}`

/** `2013-02-02 10:00:00` (UTC), with the fraction when the capture has one. */
export const readableDatetime = (datetime: string): string => datetime.replace('T', ' ').replace(/Z$/, '')

interface Mark { x: number, first: number, last: number }

/**
 * Every version of the current URL on a time axis: density bars behind, a mark per version (or a
 * cluster where they crowd), coloured by archive. Wheel, pinch, drag, buttons and keys zoom and pan
 * from two centuries down to ten seconds; clicking a mark or the axis picks a version
 * (`version-select`, detail `{ index }` into `versions`).
 */
export class MementoTimeline extends LitElement {
  static override properties = {
    versions: { attribute: false },
    sources: { attribute: false },
    current: { type: Number },
    saved: { attribute: false },
    span: { state: true },
    width: { state: true }
  }

  static override styles = css`
    :host { display: block; font: 12px system-ui, sans-serif; color: #333; }
    .bar { display: flex; align-items: center; gap: .4em; flex-wrap: wrap; padding: .2em 0; }
    .bar button { min-width: 2.2em; min-height: 2em; }
    .legend { display: flex; gap: .8em; flex-wrap: wrap; margin-left: auto; }
    .legend span::before { content: ''; display: inline-block; width: .8em; height: .8em; margin-right: .3em; background: var(--c); border-radius: 50%; vertical-align: -.05em; }
    .legend .failed { color: #b71c1c; }
    .chart { position: relative; height: ${HEIGHT}px; touch-action: none; cursor: grab; border: 1px solid #ccc; border-radius: 4px; background: #fafafa; outline-offset: 2px; overflow: hidden; }
    .chart:focus-visible { outline: 2px solid #1565c0; }
    svg { position: absolute; inset: 0; width: 100%; height: 100%; }
    .mark { position: absolute; top: 6px; height: 30px; transform: translateX(-50%); min-width: 10px; padding: 0 2px; border: 0; border-radius: 3px; background: var(--c); color: #fff; font: 10px system-ui, sans-serif; cursor: pointer; opacity: .85; }
    .mark:hover, .mark:focus-visible { opacity: 1; outline: 2px solid #000; }
    .mark.current { top: 2px; height: 38px; opacity: 1; box-shadow: 0 0 0 2px #fff, 0 0 0 4px #000; }
    .mark.saved::after { content: '⬇'; position: absolute; left: 50%; bottom: -12px; transform: translateX(-50%); color: #2e7d32; font-size: 10px; }
    .cluster { background: var(--g); color: #fff; text-shadow: 0 0 2px #000; font-weight: bold; min-width: 16px; }
    .empty { position: absolute; inset: 0; display: grid; place-items: center; color: #777; }
  `

  versions: Version[] = []
  sources: TimelineSource[] = []
  current = -1
  /** version keys (`archive/digits`) saved for offline */
  saved: ReadonlySet<string> = new Set()
  span: TimeSpan = fitSpan([])
  width = 600
  private readonly pointers = new Map<number, number>()
  private dragged = false
  private readonly resize = new ResizeObserver(entries => { this.width = Math.max(100, entries[0]?.contentRect.width ?? this.width) })

  override disconnectedCallback (): void {
    this.resize.disconnect()
    super.disconnectedCallback()
  }

  protected override firstUpdated (): void {
    const chart = this.renderRoot.querySelector('.chart')
    if (chart != null) this.resize.observe(chart)
  }

  protected override willUpdate (changed: PropertyValues<this>): void {
    // A new URL (a new list) is shown whole; a new current version is brought into view at the same zoom.
    if (changed.has('versions')) this.fit()
    else if (changed.has('current')) this.reveal()
  }

  private colour (archive: string): string {
    const i = this.sources.findIndex(s => s.archive === archive)
    return COLOURS[(i < 0 ? 0 : i) % COLOURS.length] ?? '#000'
  }

  private label (archive: string): string {
    return this.sources.find(s => s.archive === archive)?.label ?? archive
  }

  fit (): void {
    this.span = fitSpan(this.versions.map(v => v.ms))
  }

  zoom (factor: number, anchor?: number): void {
    this.span = zoomSpan(this.span, factor, anchor)
  }

  /** Buttons and keys zoom around the current version when it is in view, else around the middle. */
  private zoomAround (factor: number): void {
    const v = this.versions[this.current]
    const f = v != null ? spanFraction(this.span, v.ms) : -1
    this.zoom(factor, v != null && f >= 0 && f <= 1 ? v.ms : undefined)
  }

  private reveal (): void {
    const v = this.versions[this.current]
    if (v == null) return
    const f = spanFraction(this.span, v.ms)
    if (f < 0.02 || f > 0.98) this.span = centreSpan(this.span, v.ms)
  }

  private select (index: number): void {
    if (index < 0 || index >= this.versions.length) return
    this.dispatchEvent(new CustomEvent('version-select', { detail: { index }, bubbles: true, composed: true }))
  }

  /** Visible versions grouped where they would overlap. */
  private marks (): Mark[] {
    const marks: Mark[] = []
    this.versions.forEach((v, i) => {
      const f = spanFraction(this.span, v.ms)
      if (f < 0 || f > 1) return
      const x = f * this.width
      const last = marks[marks.length - 1]
      if (last != null && x - last.x < CLUSTER_PX) last.last = i
      else marks.push({ x, first: i, last: i })
    })
    return marks
  }

  private clickMark (mark: Mark): void {
    if (this.dragged) return
    if (mark.first === mark.last) { this.select(mark.first); return }
    this.span = fitSpan(this.versions.slice(mark.first, mark.last + 1).map(v => v.ms))
  }

  /** The instant under the pointer (whatever child of the chart it is over). */
  private instantAt (event: MouseEvent): number {
    const left = (event.currentTarget as HTMLElement).getBoundingClientRect().left
    return spanAt(this.span, (event.clientX - left) / this.width)
  }

  private readonly onWheel = (event: WheelEvent): void => {
    event.preventDefault()
    const anchor = this.instantAt(event)
    // ctrlKey: a trackpad pinch arrives as a wheel with ctrl held
    this.zoom(Math.exp(event.deltaY * (event.ctrlKey ? 0.01 : 0.002)), anchor)
  }

  private readonly onPointerDown = (event: PointerEvent): void => {
    this.pointers.set(event.pointerId, event.clientX)
    this.dragged = false
  }

  private readonly onPointerMove = (event: PointerEvent): void => {
    const before = this.pointers.get(event.pointerId)
    if (before == null) return
    const chart = event.currentTarget as HTMLElement
    if (this.pointers.size === 1) {
      const dx = event.clientX - before
      if (Math.abs(dx) > 2 || this.dragged) {
        if (!this.dragged) chart.setPointerCapture(event.pointerId)
        this.dragged = true
        this.span = panSpan(this.span, -dx / this.width * (this.span.end - this.span.start))
        this.pointers.set(event.pointerId, event.clientX)
      }
    } else {
      // pinch: the ratio of the two fingers' distances, around their midpoint
      const other = [...this.pointers].find(([id]) => id !== event.pointerId)?.[1] ?? before
      const was = Math.abs(before - other)
      const now = Math.abs(event.clientX - other)
      if (was > 10 && now > 10) {
        const left = chart.getBoundingClientRect().left
        this.zoom(was / now, spanAt(this.span, ((event.clientX + other) / 2 - left) / this.width))
        this.dragged = true
      }
      this.pointers.set(event.pointerId, event.clientX)
    }
  }

  private readonly onPointerUp = (event: PointerEvent): void => {
    this.pointers.delete(event.pointerId)
  }

  /** A click on the axis (not on a mark) picks the version closest to that instant. */
  private readonly onChartClick = (event: MouseEvent): void => {
    if (this.dragged || (event.target as Element).closest('button') != null || this.versions.length === 0) return
    const at = this.instantAt(event)
    this.select(closestVersion(this.versions, at))
  }

  private readonly onKey = (event: KeyboardEvent): void => {
    const keys: Record<string, () => void> = {
      '+': () => { this.zoomAround(0.5) },
      '=': () => { this.zoomAround(0.5) },
      '-': () => { this.zoomAround(2) },
      0: () => { this.fit() },
      ArrowLeft: () => { this.select(Math.max(0, this.current - 1)) },
      ArrowRight: () => { this.select(Math.min(this.versions.length - 1, this.current + 1)) },
      Home: () => { this.select(0) },
      End: () => { this.select(this.versions.length - 1) }
    }
    const action = event.altKey || event.ctrlKey || event.metaKey ? undefined : keys[event.key]
    if (action == null) return
    event.preventDefault()
    action()
  }

  private density (): unknown {
    const n = Math.max(1, Math.floor(this.width / 4))
    const buckets = densityBuckets(this.versions.map(v => v.ms), this.span, n)
    const max = Math.max(1, ...buckets.map(b => b.count))
    const w = 100 / n
    return buckets.map((b, i) => b.count === 0
      ? null
      : svg`<rect x=${`${i * w}%`} width=${`${w}%`} y=${HEIGHT - 4 - (HEIGHT - 24) * Math.log1p(b.count) / Math.log1p(max)} height=${(HEIGHT - 24) * Math.log1p(b.count) / Math.log1p(max)} fill="#90a4ae" opacity=".45"></rect>`)
  }

  private mark (mark: Mark): unknown {
    const v = this.versions[mark.first]
    if (v == null) return null
    const style = `left:${mark.x}px;--c:${this.colour(v.archive)}`
    if (mark.first !== mark.last) {
      const count = mark.last - mark.first + 1
      // a crowd from several archives shows each archive's colour
      const colours = [...new Set(this.versions.slice(mark.first, mark.last + 1).map(x => this.colour(x.archive)))]
      const stripes = colours.map((c, i) => `${c} ${i * 100 / colours.length}% ${(i + 1) * 100 / colours.length}%`).join(', ')
      const current = this.current >= mark.first && this.current <= mark.last
      return html`<button class="mark cluster ${current ? 'current' : ''}" style=${`${style};--g:linear-gradient(90deg, ${stripes})`} @click=${() => { this.clickMark(mark) }}
        data-from=${v.digits} data-to=${this.versions[mark.last]?.digits ?? ''}
        aria-label=${`${count} versions from ${readableDatetime(v.datetime)}: zoom in`}>${count}</button>`
    }
    const saved = this.saved.has(versionKey(v))
    const text = `${readableDatetime(v.datetime)} UTC in ${this.label(v.archive)}${saved ? ', saved for offline' : ''}`
    return html`<button class="mark version ${mark.first === this.current ? 'current' : ''} ${saved ? 'saved' : ''}" style=${style}
      data-archive=${v.archive} data-digits=${v.digits} title=${text} aria-label=${text}
      aria-current=${mark.first === this.current ? 'true' : 'false'} @click=${() => { this.clickMark(mark) }}></button>`
  }

  override render (): unknown {
    // no versions, no axis: a span around today would say nothing of this URL
    const ticks = this.versions.length === 0 ? [] : timeTicks(this.span, Math.max(2, Math.floor(this.width / 110)))
    return html`
      <div class="bar">
        <button type="button" id="zoom-in" aria-label="Zoom in (+)" title="Zoom in (+)" @click=${() => { this.zoomAround(0.5) }}>+</button>
        <button type="button" id="zoom-out" aria-label="Zoom out (−)" title="Zoom out (−)" @click=${() => { this.zoomAround(2) }}>−</button>
        <button type="button" id="zoom-fit" aria-label="Show all versions (0)" title="Show all versions (0)" @click=${() => { this.fit() }}>all</button>
        <span class="count" aria-live="polite">${this.versions.length} version${this.versions.length === 1 ? '' : 's'}</span>
        <span class="legend">${this.sources.map(s => html`<span style=${`--c:${this.colour(s.archive)}`} class=${s.error != null ? 'failed' : ''} data-source=${s.archive}
          >${s.label}: ${s.error != null ? `unavailable (${s.error})` : s.loading === true ? '…' : s.count}</span>`)}</span>
      </div>
      <div class="chart" tabindex="0" role="group" aria-label="Timeline of versions: ← → pick, + − zoom, 0 all; drag to pan, wheel or pinch to zoom"
        @wheel=${this.onWheel} @pointerdown=${this.onPointerDown} @pointermove=${this.onPointerMove} @pointerup=${this.onPointerUp}
        @pointercancel=${this.onPointerUp} @click=${this.onChartClick} @keydown=${this.onKey}>
        <svg aria-hidden="true">
          ${this.density()}
          ${ticks.map(t => {
            const x = `${spanFraction(this.span, t.ms) * 100}%`
            return svg`<line x1=${x} x2=${x} y1=${HEIGHT - 14} y2=${HEIGHT} stroke="#999"></line><text x=${x} y=${HEIGHT - 3} dx="3" font-size="10" fill="#555">${t.label}</text>`
          })}
        </svg>
        ${this.marks().map(m => this.mark(m))}
        ${this.versions.length === 0 ? html`<div class="empty">${this.sources.some(s => s.loading === true) ? 'loading versions…' : `No captures of this URL in ${this.sources.length === 1 ? 'this archive' : `the ${this.sources.length} opened archives`}`}</div>` : null}
      </div>
    `
  }
}

customElements.define('memento-timeline', MementoTimeline)
