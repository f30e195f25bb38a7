/**
 * The same worker on the app's own origin: it keeps the app's files (precacheApp caches `/` and what it
 * names), so the app shell opens offline and can be installed. Where there is no built worker (the Vite
 * dev server) registration fails and the app works online only.
 */
export async function registerAppWorker (): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false
  try {
    await navigator.serviceWorker.register('/sw.js', { type: 'module', scope: '/' })
    return true
  } catch {
    // offline: the update check fails, the worker installed before still serves
    return (await navigator.serviceWorker.getRegistration('/'))?.active != null
  }
}
