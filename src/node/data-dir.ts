import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/**
 * Where the embedded store lives: `--data DIR`, else `$IPARO_HOME`, else `$XDG_DATA_HOME/iparo`,
 * else `~/.local/share/iparo`.
 */
export function dataDir (option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (option != null && option !== '') return resolve(option)
  if (env.IPARO_HOME != null && env.IPARO_HOME !== '') return resolve(env.IPARO_HOME)
  const xdg = env.XDG_DATA_HOME != null && env.XDG_DATA_HOME !== '' ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share')
  return join(xdg, 'iparo')
}
