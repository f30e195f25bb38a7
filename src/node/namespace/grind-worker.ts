/**
 * A grinding thread (see grind-pool.ts): tries the nonces of each chunk it is given with the core's
 * grindNonce, and answers with the smallest that matched, if any. Chunks are taken one at a time, in
 * the order they come.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { grindNonce } from '../../core/namespace/grind-nonce.ts'
import { sha256Digest } from '../node-sha2.ts'
import type { GrindChunk, GrindChunkDone } from './grind-messages.ts'

const port = parentPort
if (port == null) throw new Error('grind-worker runs as a worker thread')

/** The last grind the pool is done with (grind-workers.ts): its chunks still queued here are skipped. */
const finished = (workerData as { finished: Int32Array }).finished

port.on('message', (chunk: GrindChunk) => {
  if (Atomics.load(finished, 0) >= chunk.job) {
    port.postMessage({ job: chunk.job, from: chunk.from, nonce: null, hashes: 0 } satisfies GrindChunkDone)
    return
  }
  const nonce = grindNonce(chunk.root, chunk.nonceAt, chunk.prefix, sha256Digest, chunk.from, chunk.count)
  const done: GrindChunkDone = { job: chunk.job, from: chunk.from, nonce: nonce ?? null, hashes: nonce === undefined ? chunk.count : nonce - chunk.from + 1 }
  port.postMessage(done)
})
