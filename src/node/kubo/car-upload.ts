import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, readdir, rm, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { PayloadTooLargeError } from '../../core/routing/payload-too-large-error.ts'
import { processAlive } from '../process-alive.ts'
import { KuboArgumentError } from './kubo-errors.ts'
import { bodyChunks } from '../../core/http/body-chunks.ts'
import { multipartBoundary, multipartEvents } from './multipart-parts.ts'

/** The CAR files of one `dag/import` request, kept aside until they are verified and imported. */
export interface UploadedCars {
  files: string[]
  bytes: number
  /** the file's bytes, once per call (importCar reads each file twice: verify, then store) */
  open (file: string): AsyncIterable<Uint8Array>
  /** removes the files; called whatever happens */
  discard (): Promise<void>
}

/**
 * Streams each file part of a multipart `dag/import` body to its own file under `dir` (in the data
 * folder: the same disk the blocks go to, not a RAM-backed /tmp), refusing the request as soon as
 * the parts together pass `maxBytes`. Nothing is kept in memory beyond a chunk.
 */
export async function receiveCars (request: Request, dir: string, maxBytes: number): Promise<UploadedCars> {
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > maxBytes) throw new PayloadTooLargeError(maxBytes)
  const boundary = multipartBoundary(request.headers.get('content-type'))
  await mkdir(dir, { recursive: true })
  await removeOrphans(dir)
  const stem = join(dir, `dag-import-${process.pid}-${randomBytes(6).toString('hex')}`)
  const files: string[] = []
  let bytes = 0
  let handle: FileHandle | undefined
  const upload: UploadedCars = {
    files,
    get bytes () { return bytes },
    open: (file) => createReadStream(file, { highWaterMark: 1 << 20 }),
    async discard () {
      await handle?.close().catch(() => {})
      await Promise.all(files.map(async file => { await rm(file, { force: true }) }))
    }
  }
  try {
    for await (const event of multipartEvents(bodyChunks(request.body), boundary)) {
      if (event.kind === 'part') {
        await handle?.close()
        const file = `${stem}-${files.length}.car`
        files.push(file)
        handle = await open(file, 'wx', 0o600)
        continue
      }
      bytes += event.bytes.byteLength
      if (bytes > maxBytes) throw new PayloadTooLargeError(maxBytes)
      await handle?.write(event.bytes)
    }
    await handle?.close()
    handle = undefined
    if (files.length === 0) throw new KuboArgumentError('file argument \'path\' is required (send the CAR as a multipart file)')
    return upload
  } catch (err) {
    await upload.discard()
    throw err
  }
}

/** Files left by an import whose process died (killed mid-upload): their pid is in their name. */
async function removeOrphans (dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const pid = Number(/^dag-import-(\d+)-/.exec(name)?.[1] ?? NaN)
    if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) await rm(join(dir, name), { force: true })
  }
}
