/**
 * The embed page's address for what `<iparo-replay>`'s attributes name: `#/ARCHIVE/DATETIME/URL`, or
 * `#/ARCHIVE/URL` for the latest capture (the app's replay routes, src/app/app-route.ts). Undefined
 * when the archive or URL is missing, or the archive is not one path segment.
 */
export function embedAddress (page: URL, archive: string, url: string, datetime = ''): string | undefined {
  if (archive === '' || url === '' || /[/\s]/.test(archive) || /\s/.test(datetime)) return undefined
  const at = new URL(page)
  at.hash = datetime === '' ? `/${archive}/${url}` : `/${archive}/${datetime}/${url}`
  return at.href
}
