import type { CallReply } from '../src/messages/replay-messages.ts'
import type { CallMessage } from '../src/messages/worker-call.ts'

/** JSON that is safe inside an inline script: no `</script>`, `<!--`, nor line separators can end it early. */
export function scriptJson (value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

/**
 * The policy of a call's answer: sandboxed without `allow-same-origin`, so the document has an opaque
 * origin that no script of the replay origin can reach (a same-origin page could otherwise rewrite the
 * answer before it is posted); only its own inline scripts run. Any page may frame it (the app's embed page
 * sits on other people's pages, and frame-ancestors checks every ancestor): only a navigation the app
 * started gets an answer, and the replies are posted to the app's origin only.
 */
export function callCsp (): string {
  return `sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors *`
}

export type Reply = (reply: CallReply, final?: boolean) => void

/**
 * A call's answer as a streamed HTML document: each reply is an inline script posting a `CallMessage`
 * to the app (its parent), written as soon as it is known, so progress shows while a save runs. The
 * last reply is final; a call that ends without one answers an error.
 */
export function callPage (appOrigin: string, id: string, run: (reply: Reply) => Promise<void>): Response {
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    async start (controller) {
      controller.enqueue(encoder.encode('<!doctype html><meta charset="utf-8"><title>IPARO worker call</title>\n'))
      let ended = false
      const reply: Reply = (r, final = false) => {
        if (ended) return
        ended = final
        const message: CallMessage = { iparoCall: id, reply: r, final }
        controller.enqueue(encoder.encode(`<script>parent.postMessage(${scriptJson(message)}, ${scriptJson(appOrigin)})</script>\n`))
      }
      try {
        await run(reply)
      } catch (err) {
        reply({ type: 'error', name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) }, true)
      }
      reply({ type: 'error', name: 'WorkerCallError', message: 'the worker ended the call without an answer' }, true)
      controller.close()
    }
  })
  return new Response(body, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': callCsp(),
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer'
    }
  })
}

/** A refusal, in a document as inert as an answer (no script at all). */
export function refusalPage (status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': "sandbox; default-src 'none'", 'Cache-Control': 'no-store' }
  })
}
