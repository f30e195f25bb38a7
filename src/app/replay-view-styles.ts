import { css } from 'lit'

/** The replay view's look: URL bar, banner, share panel, frame and its state messages; narrow screens stack them. */
export const replayViewStyles = css`
  :host { display: flex; flex-direction: column; min-height: 0; height: 100%; font: 14px system-ui, sans-serif; color: #222; }
  :host([hidden]) { display: none; }
  header { display: flex; flex-direction: column; gap: .4em; padding: .5em; border-bottom: 1px solid #ccc; background: #fff; }
  form { display: flex; gap: .4em; flex-wrap: wrap; align-items: center; }
  form label { display: contents; }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  #url { flex: 1 1 18em; min-width: 0; }
  #when { flex: 0 1 13em; min-width: 8em; }
  #archive { max-width: 12em; }
  input, select, button { font: inherit; padding: .3em .5em; min-height: 2.2em; box-sizing: border-box; }
  .banner { display: flex; gap: .5em; align-items: center; flex-wrap: wrap; }
  .nav { display: flex; gap: .2em; }
  .nav button { min-width: 2.4em; }
  .info { flex: 1 1 16em; min-width: 0; }
  .info strong { white-space: nowrap; }
  .info .title { display: block; color: #555; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .badge { background: #e8f5e9; color: #1b5e20; border-radius: 1em; padding: .1em .6em; font-size: 12px; white-space: nowrap; }
  .actions { display: flex; gap: .4em; align-items: center; flex-wrap: wrap; }
  progress { width: 8em; }
  details.share { position: relative; }
  details.share[open] > div { position: absolute; right: 0; z-index: 2; background: #fff; border: 1px solid #ccc; border-radius: 4px; padding: .6em; width: min(34em, 90vw); display: grid; grid-template-columns: auto 1fr auto; gap: .3em .4em; align-items: center; box-shadow: 0 4px 16px #0002; }
  details.share input { min-width: 0; }
  summary { cursor: pointer; padding: .3em .5em; border: 1px solid #888; border-radius: 3px; list-style: none; }
  .frame { position: relative; flex: 1; min-height: 12em; display: flex; }
  ::slotted(iframe) { flex: 1; border: 0; width: 100%; min-height: 12em; }
  .state { position: absolute; inset: 0; background: #fff; padding: 2em; overflow: auto; }
  .state.loading { background: #fffd; display: grid; place-items: center; color: #555; }
  .state h2 { margin-top: 0; font-size: 1.2em; }
  .state ul { padding-left: 1.2em; }
  .state button.link { background: none; border: 0; color: #1565c0; text-decoration: underline; cursor: pointer; padding: 0; min-height: 0; text-align: left; word-break: break-all; }
  .notice { color: #555; font-size: 12px; }
  .field-error { flex-basis: 100%; margin: 0; color: #a40e26; background: #fff5f5; border: 1px solid #ffcecb; border-radius: 4px; padding: .3em .6em; font-size: 14px; }
  #when[aria-invalid=true] { border-color: #a40e26; outline: 1px solid #a40e26; }
  .more { display: none; }
  kbd { border: 1px solid #bbb; border-radius: 3px; padding: 0 .3em; font-size: 11px; }
  @media (max-width: 40em) {
    header { padding: .3em; gap: .3em; }
    #when { flex: 1 1 8em; }
    .keys { display: none; }
    /* a phone: the URL, where and when the page is from, and the versions' buttons; the rest under "More" */
    .more { display: inline-block; margin-left: auto; }
    .banner { flex-wrap: nowrap; gap: .3em; }
    .info { flex: 1 1 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-size: 13px; }
    .info .title { display: none; }
    .nav button { min-width: 2em; padding: .2em .3em; }
    :host(:not([more])) .secondary { display: none; }
    :host([more]) .banner { flex-wrap: wrap; }
    :host([more]) .info .title { display: block; }
  }
`
