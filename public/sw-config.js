// The replay worker's configuration on a static web host (`iparo serve` answers this path itself).
// appOrigins: the origins the app is served from, the only ones whose pages may give the worker
// orders. Empty: the app shares this origin, which archived scripts share too (unsafe for archives
// made by others: docs/replay-origins.md). gateways / routers: the defaults (public ones if absent).
export default { appOrigins: [] }
