import { cleanSettings, type ReplaySettings } from '../messages/settings-defaults.ts'

/**
 * The user's replay settings and the names of the node's archives live on the app origin, which no
 * archived script shares: the worker on the replay origin gets them with every call and keeps them in
 * memory only (docs/replay-origins.md).
 */
export const SETTINGS_KEY = 'iparo.replaySettings'
const NAMES_KEY = 'iparo.archiveNames'
const SAVED_KEY = 'iparo.savedPages'

export function loadOwnedSettings (): ReplaySettings | undefined {
  try {
    return cleanSettings(JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? 'null'))
  } catch {
    return undefined
  }
}

export function saveOwnedSettings (settings: ReplaySettings): void {
  localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings))
}

/** Local archive names → the root the node last listed for each: what the worker replays them as offline. */
export function loadArchiveNames (): Record<string, string> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(NAMES_KEY) ?? '{}')
    if (typeof value !== 'object' || value == null) return {}
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'))
  } catch {
    return {}
  }
}

export function rememberArchiveNames (archives: Array<{ name: string, ipns?: string, root?: string }>): void {
  const names = loadArchiveNames()
  for (const a of archives) {
    const target = a.root ?? a.ipns
    if (target != null) names[a.name] = target
  }
  localStorage.setItem(NAMES_KEY, JSON.stringify(names))
}

/**
 * The URI-M paths this person saved for offline, oldest first: what the replay view marks as saved. The
 * worker's own record of it lives on the replay origin, where archived scripts could rewrite it.
 */
export function loadSavedPages (): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(SAVED_KEY) ?? '[]')
    return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string') : []
  } catch {
    return []
  }
}

export function rememberSavedPage (page: string): void {
  const pages = loadSavedPages().filter(p => p !== page)
  pages.push(page)
  localStorage.setItem(SAVED_KEY, JSON.stringify(pages))
}
