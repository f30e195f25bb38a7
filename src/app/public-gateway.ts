const GATEWAY_KEY = 'iparo.publicGateway'
const DEFAULT_GATEWAY = 'https://ipfs.io'

/** The public gateway share links name, as this person last chose it on the app's origin. */
export function loadGateway (): string {
  return localStorage.getItem(GATEWAY_KEY) ?? DEFAULT_GATEWAY
}

/** Keeps the chosen gateway (blank means the default) and returns it. */
export function saveGateway (value: string): string {
  const gateway = value.trim() === '' ? DEFAULT_GATEWAY : value.trim()
  localStorage.setItem(GATEWAY_KEY, gateway)
  return gateway
}
