import { LitElement, css, html, nothing } from 'lit'
import { appStyles } from './app-styles.ts'
import { checkEndpoint, cleanEndpoint, type EndpointCheck, type EndpointKind } from './check-endpoint.ts'

/**
 * An editable list of endpoints (trustless gateways or delegated routers): add, remove, and test each
 * with a real request. Changes are announced as `endpoints-change` with the whole new list.
 */
export class EndpointList extends LitElement {
  static override properties = {
    urls: { attribute: false },
    kind: { type: String },
    label: { type: String },
    checks: { state: true },
    error: { state: true }
  }

  static override styles = [appStyles, css`
    :host { display: grid; gap: .5em; }
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: .4em; }
    li { display: flex; flex-wrap: wrap; align-items: center; gap: .5em; border: 1px solid var(--line); border-radius: 8px; padding: .4em .7em; }
    li .mono { flex: 1 1 14em; }
    .result { flex-basis: 100%; font-size: .85em; }
    form { display: flex; flex-wrap: wrap; gap: .5em; }
    form input { flex: 1 1 16em; }
  `]

  urls: string[] = []
  kind: EndpointKind = 'gateway'
  label = ''
  checks = new Map<string, EndpointCheck | 'checking'>()
  error: string | undefined

  private change (urls: string[]): void {
    this.dispatchEvent(new CustomEvent<{ urls: string[] }>('endpoints-change', { detail: { urls }, bubbles: true, composed: true }))
  }

  private add (event: SubmitEvent): void {
    event.preventDefault()
    const form = event.target as HTMLFormElement
    const text = String(new FormData(form).get('url') ?? '')
    const url = cleanEndpoint(text)
    if (url == null) { this.error = `${JSON.stringify(text)} is not an http:// or https:// URL`; return }
    this.error = undefined
    form.reset()
    if (!this.urls.includes(url)) this.change([...this.urls, url])
  }

  private async test (url: string): Promise<void> {
    this.checks = new Map(this.checks).set(url, 'checking')
    const result = await checkEndpoint(this.kind, url)
    this.checks = new Map(this.checks).set(url, result)
  }

  override render (): unknown {
    const id = `${this.kind}-add`
    return html`
      <ul aria-label=${this.label}>${this.urls.map(url => {
        const check = this.checks.get(url)
        return html`<li data-url=${url}>
          <span class="mono">${url}</span>
          <button type="button" class="test" @click=${() => { void this.test(url) }} aria-label=${`Test ${url}`} ?disabled=${check === 'checking'}>Test</button>
          <button type="button" class="remove" @click=${() => { this.change(this.urls.filter(u => u !== url)) }} aria-label=${`Remove ${url}`}>Remove</button>
          ${check != null
            ? html`<span class="result ${check === 'checking' ? 'muted' : check.ok ? 'ok' : 'bad'}" role="status">${check === 'checking' ? 'Testing…' : check.text}</span>`
            : nothing}
        </li>`
      })}</ul>
      ${this.urls.length === 0 ? html`<p class="muted">None: nothing can be fetched that is not cached already.</p>` : nothing}
      <form @submit=${this.add}>
        <label class="visually-hidden" for=${id}>Add a ${this.kind === 'gateway' ? 'gateway' : 'router'} URL</label>
        <input id=${id} name="url" type="url" required placeholder="https://…" autocomplete="off">
        <button type="submit">Add</button>
      </form>
      ${this.error != null ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    `
  }
}

customElements.define('endpoint-list', EndpointList)
