import type { Modifier } from '../core/replay/replay-path.ts'
import type { FromReplayedPage } from '../messages/replay-messages.ts'
import { ArchiveUrls } from './archive-urls.ts'
import { hookDom } from './dom-hooks.ts'
import { hookLocation } from './location-hooks.ts'
import { hookNavigation } from './navigation-hooks.ts'
import { hookNetwork } from './network-hooks.ts'
import { guardRealms } from './realm-guard.ts'

/**
 * The client script: the rewriter puts it first in every replayed HTML page, with the page's archive,
 * datetime and URL in its `data-iparo-*` attributes. It keeps what scripts do at run time inside the
 * archive and tells the replay host what the frame shows. `Date` is left real (docs/rewriting.md).
 */
const HOST_PATH = '/replay.html'

function start (): void {
  const script = document.currentScript
  const data = script instanceof HTMLScriptElement ? script.dataset : undefined
  const flag = window as unknown as { __iparoClient?: boolean }
  // a page whose HTML is written again (document.write, jQuery's .html()) would load it twice
  if (data?.iparoArchive == null || data.iparoDatetime == null || data.iparoUrl == null || flag.__iparoClient === true) return
  flag.__iparoClient = true
  const urls = new ArchiveUrls({
    archive: data.iparoArchive, digits: data.iparoDatetime, url: data.iparoUrl, modifier: 'mp_' as Modifier, prefix: data.iparoPrefix ?? '/'
  }, location.origin)
  const report = reporter(urls)
  hookNetwork(urls)
  // the page's realm and every same-origin frame realm it makes get the DOM hooks and lose WebRTC
  guardRealms((win) => { hookDom(urls, win) })
  hookLocation(urls)
  hookNavigation(urls, report)
  document.addEventListener('DOMContentLoaded', () => {
    report()
    new MutationObserver(report).observe(document.head ?? document.documentElement, { subtree: true, childList: true, characterData: true })
  })
}

/** Sends the page's state to the replay host when it changed; only the replay frame itself reports, not its subframes. */
function reporter (urls: ArchiveUrls): () => void {
  let last = ''
  const host = hostWindow()
  return () => {
    if (host == null) return
    const message: FromReplayedPage = {
      type: 'replayed-page', page: location.pathname + location.search, url: urls.current(), title: document.title, datetime: urls.target.digits
    }
    const key = JSON.stringify(message)
    if (key === last) return
    last = key
    host.postMessage(message, location.origin)
  }
}

function hostWindow (): Window | undefined {
  try {
    return window.parent !== window && window.parent.location.pathname === HOST_PATH ? window.parent : undefined
  } catch {
    return undefined // a parent on another origin is not the host
  }
}

start()
