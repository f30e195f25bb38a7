import { MethodNotAllowedError } from '../errors.ts'

/** Throws MethodNotAllowedError (a 405 whose `Allow` lists `allowed`) unless the request uses one of them. */
export function requireMethod (request: Request, allowed: readonly string[] = ['GET', 'HEAD']): void {
  if (!allowed.includes(request.method)) throw new MethodNotAllowedError(request.method, [...allowed])
}
