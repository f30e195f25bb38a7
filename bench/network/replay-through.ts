import { rm } from 'node:fs/promises'
import { launch } from '../../e2e/support/browser.ts'
import { iparoReplay } from '../replay/iparo-system.ts'
import { loadTiming, type LoadTiming } from '../replay/load-timing.ts'
import type { ReplayTarget } from '../replay/replay-system.ts'

/** One cold visit (a fresh browser profile) of the page through a node's replay origin, by archive name. */
export async function coldVisit (replayUrl: string, archive: string, target: ReplayTarget): Promise<LoadTiming> {
  const { context, profile } = await launch()
  try {
    const page = await context.newPage()
    return await loadTiming(page, await iparoReplay(replayUrl, archive).open(page, target))
  } finally {
    await context.close()
    await rm(profile, { recursive: true, force: true })
  }
}
