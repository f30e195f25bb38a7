import { runCli } from './main.ts'

/**
 * The CLI run in this process, its output captured: the context's streams are all the CLI writes to,
 * a stand-in for process stdio, not for any part under test.
 */
export async function runCliCaptured (argv: string[]): Promise<{ code: number, out: string, err: string }> {
  let out = ''
  let err = ''
  const ctx = {
    stdout: { write: (s: string | Uint8Array) => { out += String(s); return true } },
    stderr: { write: (s: string | Uint8Array) => { err += String(s); return true } },
    env: {},
    pipeOut: async (chunks: AsyncIterable<Uint8Array>) => {
      const decoder = new TextDecoder()
      for await (const chunk of chunks) out += decoder.decode(chunk, { stream: true })
      out += decoder.decode()
    }
  }
  const code = await runCli(argv, ctx)
  return { code, out, err }
}
