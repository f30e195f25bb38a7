import { mixSeed, seededRandom } from '../../src/core/chain/seeded-random.ts'
import { sendRaw } from './raw-http.ts'
import { judge, type RequestCaseResult } from './request-check.ts'
import { fuzzRequest } from './request-generators.ts'
import type { FuzzTarget } from './fuzz-target.ts'

/** Request `index` of the run seeded `seed`, sent and judged. */
export async function runRequestCase (target: FuzzTarget, seed: number, index: number, timeoutMs: number): Promise<RequestCaseResult> {
  const request = fuzzRequest(seededRandom(mixSeed(seed, index)), target.facts)
  const response = await sendRaw(target.port, request, timeoutMs).catch((err: unknown) => err instanceof Error ? err : new Error(String(err)))
  return judge(index, request, response)
}

/** Cases `from` … `from + count - 1`, `concurrency` at a time; `onResult` sees each as it lands. */
export async function runRequestCases (target: FuzzTarget, seed: number, from: number, count: number, options: { concurrency: number, timeoutMs: number, onResult?: (r: RequestCaseResult) => void }): Promise<RequestCaseResult[]> {
  const results: RequestCaseResult[] = []
  let next = from
  const worker = async (): Promise<void> => {
    while (next < from + count) {
      const r = await runRequestCase(target, seed, next++, options.timeoutMs)
      results.push(r)
      options.onResult?.(r)
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker))
  return results.sort((a, b) => a.index - b.index)
}
