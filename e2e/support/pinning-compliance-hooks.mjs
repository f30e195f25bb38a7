/**
 * Module-resolution hook for @ipfs-shipyard/pinning-service-compliance. Its `utils/constants.js`
 * names the API spec by URL (`specLocation`, raw.githubusercontent.com, fetched by oas2joi at run
 * time: there is no internet here) and writes its reports beside itself in node_modules (`docsDir`).
 * Every import of that module is answered by pinning-compliance-constants.mjs instead, which
 * re-exports the original and overrides just those two values.
 */
const CONSTANTS = /\/@ipfs-shipyard\/pinning-service-compliance\/dist\/src\/utils\/constants\.js$/
const OVERRIDE = new URL('./pinning-compliance-constants.mjs', import.meta.url).href

export async function resolve (specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context)
  // the override itself imports the original: that one import goes through
  if (CONSTANTS.test(resolved.url) && context.parentURL !== OVERRIDE) return { ...resolved, url: OVERRIDE }
  return resolved
}
