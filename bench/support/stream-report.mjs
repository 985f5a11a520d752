const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`
const s = (ms) => `${(ms / 1000).toFixed(2)} s`

/** One line per system of an update-stream run. */
export const printStreamRow = (row) =>
  console.log(
    `${(row.label ?? row.system).padEnd(34)} ${row.requestsPerClientMinute.toFixed(1).padStart(5)} req and ` +
      `${kb(row.bytesPerClientMinute).padStart(9)} per client-minute, ${kb(row.bytesPerUpdate)} per update; ` +
      `delay p50 ${s(row.p50DelayMs)}, p95 ${s(row.p95DelayMs)}` +
      (row.p95TransferMs === undefined ? '' : ` (+ transfer p95 ${row.p95TransferMs.toFixed(0)} ms real)`) +
      `; server CPU ${row.serverCpuSeconds.toFixed(2)} s; ${row.requests} requests; ran ${row.realSeconds.toFixed(0)} s`,
  )
