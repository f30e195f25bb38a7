import { css } from 'lit'

/** Shared look of the app's views: readable type, visible focus, buttons and messages. */
export const appStyles = css`
  :host { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #fff; --soft: #f6f8fa; --accent: #0b5cad; --bad: #a40e26; --good: #116329;
    color: var(--fg); font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; }
  h1, h2, h3 { line-height: 1.2; margin: 0 0 .4em; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; } h3 { font-size: 1rem; }
  a { color: var(--accent); }
  :focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
  button, input, select { font: inherit; }
  input, select { padding: .45em .6em; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: inherit; min-width: 0; }
  button { padding: .45em .9em; border: 1px solid var(--line); border-radius: 6px; background: var(--soft); color: inherit; cursor: pointer; }
  button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
  button:disabled { opacity: .55; cursor: default; }
  .muted { color: var(--muted); }
  .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85em; overflow-wrap: anywhere; }
  .error { color: var(--bad); border: 1px solid #ffcecb; background: #fff5f5; padding: .6em .8em; border-radius: 6px; }
  .note { border: 1px solid var(--line); background: var(--soft); padding: .6em .8em; border-radius: 6px; }
  .ok { color: var(--good); }
  .bad { color: var(--bad); }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  @media (prefers-color-scheme: dark) {
    :host { --fg: #e6edf3; --muted: #9da7b3; --line: #3d444d; --bg: #0d1117; --soft: #161b22; --accent: #4493f8; --bad: #ff7b72; --good: #3fb950; }
    .error { background: #2d1215; border-color: #6e1b22; }
  }
`

/** `20140126200624` → `2014-01-26 20:06:24` (a shorter form where the digits stop). */
export function formatDigits (digits: string): string {
  const d = digits.padEnd(14, '0')
  const date = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`
  return digits.length <= 8 ? date : `${date} ${d.slice(8, 10)}:${d.slice(10, 12)}:${d.slice(12, 14)}`
}

export const formatCount = (n: number): string => n.toLocaleString('en-US')

export function formatBytes (n: number): string {
  if (n < 1024) return `${n} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let v = n / 1024
  let u = 0
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++ }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u] ?? ''}`
}
