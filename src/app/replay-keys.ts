import type { ReactiveController, ReactiveControllerHost } from 'lit'

/** What the replay view's keys move: the versions of the URL and the URL bar. */
export interface ReplayKeyTargets {
  /** false while the view is hidden or shows no URL */
  active: () => boolean
  goVersion: (index: number) => void
  currentIndex: () => number
  count: () => number
  focusUrl: () => void
}

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))

/**
 * The replay view's keys: `[` `]` previous/next, `{` `}` first/last, `/` the URL bar. Keys work anywhere
 * in the app except while typing (and not inside the archived page, another origin).
 */
export class ReplayKeys implements ReactiveController {
  constructor (host: ReactiveControllerHost, private readonly to: ReplayKeyTargets) {
    host.addController(this)
  }

  hostConnected (): void {
    window.addEventListener('keydown', this.onKey)
  }

  hostDisconnected (): void {
    window.removeEventListener('keydown', this.onKey)
  }

  private readonly onKey = (event: KeyboardEvent): void => {
    const to = this.to
    if (!to.active() || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return
    const actions: Record<string, () => void> = {
      '[': () => { to.goVersion(to.currentIndex() - 1) },
      ']': () => { to.goVersion(to.currentIndex() + 1) },
      '{': () => { to.goVersion(0) },
      '}': () => { to.goVersion(to.count() - 1) },
      '/': to.focusUrl
    }
    const action = actions[event.key]
    if (action == null || isTyping(event.composedPath()[0] ?? null)) return
    event.preventDefault()
    action()
  }
}
