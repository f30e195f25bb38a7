import { join } from 'node:path'
import { InvalidInputError } from '../../core/errors.ts'
import { LockedJsonFile } from '../locked-json-file.ts'

/** A remote pinning service as `iparo pin` knows it; the token never leaves this module's callers. */
export interface PinService {
  name: string
  /** the API's base URL, e.g. `http://127.0.0.1:8420/pinning` for another IPARO node */
  endpoint: string
  token: string
}

interface ServicesFile {
  version: 1
  services: PinService[]
}

const isServicesFile = (v: unknown): v is ServicesFile => typeof v === 'object' && v != null &&
  Array.isArray((v as ServicesFile).services) && (v as ServicesFile).services.every(s => typeof s === 'object' && s != null &&
    typeof s.name === 'string' && typeof s.endpoint === 'string' && typeof s.token === 'string')

/** `pin-services.json` in the data folder, mode 0600: it holds the services' tokens. */
function servicesFile (dataDir: string): LockedJsonFile<ServicesFile> {
  return new LockedJsonFile(join(dataDir, 'pin-services.json'), () => ({ version: 1, services: [] }), isServicesFile, 0o600)
}

/** An http(s) URL, without a trailing slash; undefined for anything else (then it is a service's name). */
export function endpointOf (text: string): string | undefined {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  if (url.username !== '' || url.password !== '') throw new InvalidInputError('give the service\'s token with --token, never inside its URL')
  return url.href.replace(/\/+$/, '')
}

/** The configured services, names and endpoints only (the settings page, `iparo pin ls`). */
export async function listPinServices (dataDir: string): Promise<Array<{ name: string, endpoint: string }>> {
  return (await servicesFile(dataDir).read()).services.map(({ name, endpoint }) => ({ name, endpoint }))
}

/** Saves (or replaces) a service under its name; a service of the same endpoint under another name is replaced too. */
export async function savePinService (dataDir: string, service: PinService): Promise<void> {
  await servicesFile(dataDir).change(file => {
    file.services = file.services.filter(s => s.name !== service.name && s.endpoint !== service.endpoint)
    file.services.push({ ...service })
  })
}

export async function removePinService (dataDir: string, name: string): Promise<boolean> {
  let removed = false
  await servicesFile(dataDir).change(file => {
    const before = file.services.length
    file.services = file.services.filter(s => s.name !== name)
    removed = file.services.length !== before
    return removed
  })
  return removed
}

/** A service by its name, or by its endpoint URL. */
export async function findPinService (dataDir: string, nameOrUrl: string): Promise<PinService | undefined> {
  const endpoint = endpointOf(nameOrUrl)
  const services = (await servicesFile(dataDir).read()).services
  return services.find(s => endpoint != null ? s.endpoint === endpoint : s.name === nameOrUrl)
}

/** Every service with its token, for commands that talk to all of them (`iparo pin ls` with no --service). */
export async function allPinServices (dataDir: string): Promise<PinService[]> {
  return (await servicesFile(dataDir).read()).services
}
