/**
 * Charts and tables of docs/BENCHMARKS.md, made from the results files (bench/results/*.json). Charts are Vega-Lite
 * specs rendered to SVG in Node by Vega's headless view (no browser, no canvas); tables are Markdown.
 */

/** Renders a Vega-Lite spec (data inline) to an SVG string. */
export const renderSvg = async (spec) => {
  const vega = await import('vega')
  const { compile } = await import('vega-lite')
  const full = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 560,
    height: 300,
    background: 'white',
    config: { font: 'Helvetica, Arial, sans-serif' },
    ...spec,
  }
  const view = new vega.View(vega.parse(compile(full).spec), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}

const fmt = (value, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '–'
const seconds = (ms) => fmt(ms / 1000, 2)
const kb = (bytes) => fmt(bytes / 1024, 1)

/** A Markdown table: the first `text` columns left-aligned, the figures after them right-aligned. */
const table = (head, rows, text = 1) =>
  [`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i < text ? '---' : '---:')).join(' | ')} |`]
    .concat(rows.map((row) => `| ${row.join(' | ')} |`))
    .join('\n')

/** The line under each table: when, where, under what load, with which versions. */
export const provenance = (record) => {
  const { machine, versions } = record
  const others = Object.entries(versions)
    .filter(([name, version]) => version && name !== 'node')
    .map(([name, version]) => `${name} ${version}`)
    .join(', ')
  return (
    `Measured ${record.date.slice(0, 16).replace('T', ' ')} UTC on ${machine.cpus} × ${machine.cpu} ` +
    `(${machine.memoryGB} GB, ${machine.os}), Node ${versions.node}; load average ${machine.loadAverage} at the ` +
    `start, ${machine.loadAverageAtEnd} at the end. Versions: ${others}. Options: \`${JSON.stringify(record.options)}\`.`
  )
}

const bar = (title, values, x, y, xTitle) => ({
  title,
  data: { values },
  mark: { type: 'bar', tooltip: true },
  encoding: {
    y: { field: y, type: 'nominal', sort: null, title: null, axis: { labelLimit: 320 } },
    x: { field: x, type: 'quantitative', title: xTitle },
  },
})

/** Per part: the charts (file name → spec) and the Markdown table of one results record. */
export const PARTS = {
  idle: {
    charts: (record) => ({
      'idle-memory': {
        title: 'Server RSS with N subscribed idle clients',
        data: { values: record.rows },
        mark: { type: 'line', point: true },
        encoding: {
          x: {
            field: 'clients',
            type: 'quantitative',
            title: 'idle clients',
            axis: { values: [...new Set(record.rows.map((row) => row.clients))], format: ',d' },
          },
          y: { field: 'rssMB', type: 'quantitative', title: 'server RSS (MB)' },
          color: { field: 'system', type: 'nominal', title: 'system' },
        },
      },
    }),
    table: (record) =>
      table(
        ['system', 'clients', 'server RSS (MB)', 'baseline (MB)', 'per client (KB)', 'server CPU (%)'],
        record.rows.map((row) => [
          row.system,
          fmt(row.clients),
          fmt(row.rssMB),
          fmt(row.baselineMB),
          fmt(row.perClientKB, 2),
          fmt(row.cpuPercent, 1),
        ]),
      ),
  },
  stream: {
    charts: (record) => {
      const values = record.rows.map((row) => ({
        system: row.label,
        kbPerClientMinute: row.bytesPerClientMinute / 1024,
        p95DelaySeconds: row.p95DelayMs / 1000,
      }))
      return {
        'stream-bytes': bar(
          'Bytes on the wire per client per minute',
          values,
          'kbPerClientMinute',
          'system',
          'KB per client-minute (headers and bodies, both directions)',
        ),
        'stream-delay': bar(
          'p95 delay from a change to the client holding it',
          values,
          'p95DelaySeconds',
          'system',
          'p95 delay (s, simulated time)',
        ),
      }
    },
    table: (record) => streamTable(record.rows),
  },
  'freshness-cost': {
    charts: (record) => {
      const values = record.rows.map((row) => ({
        series: row.series,
        setting: row.setting,
        requests: row.requestsPerClientMinute,
        kb: row.bytesPerClientMinute / 1024,
        p95: row.p95DelayMs / 1000,
      }))
      const curve = (title, x, xTitle) => ({
        title,
        data: { values },
        mark: { type: 'line', point: true, tooltip: true },
        encoding: {
          x: { field: x, type: 'quantitative', title: xTitle },
          y: { field: 'p95', type: 'quantitative', title: 'p95 delay (s)' },
          color: { field: 'series', type: 'nominal', title: null },
          order: { field: x, type: 'quantitative' },
        },
      })
      return {
        'freshness-requests': curve('p95 delay against requests', 'requests', 'requests per client per minute'),
        'freshness-bytes': curve('p95 delay against bytes', 'kb', 'KB per client per minute'),
      }
    },
    table: (record) => streamTable(record.rows),
  },
  sync: {
    charts: (record) => ({
      'sync-throughput': bar(
        'Sync requests per second (POST /reality/sync)',
        record.servers.map((server) => ({ server: server.label, rps: server.rps })),
        'rps',
        'server',
        'requests per second (median of rounds)',
      ),
    }),
    table: (record) =>
      table(
        ['server', 'req/s', 'p50 (ms)', 'p99 (ms)', 'server CPU per request (µs)'],
        record.servers.map((s) => [s.label, fmt(s.rps), fmt(s.p50ms), fmt(s.p99ms), fmt(s.cpuMicrosPerRequest, 1)]),
      ),
  },
  chat: {
    charts: (record) => ({
      'chat-throughput': bar(
        'Chat events appended and visible to every reader, per second',
        record.throughput.map((row) => ({ run: `${row.kind}, ${row.label}`, perSecond: row.perSecond })),
        'perSecond',
        'run',
        'events per second',
      ),
    }),
    table: (record) =>
      [
        table(
          ['chat', 'writes', 'events/s', 'append→visible p95 (ms)', 'bytes per delivered message'],
          record.throughput.map((row) => [
            row.kind,
            row.label,
            fmt(row.perSecond),
            fmt(row.p95),
            fmt(row.bytesPerDelivered),
          ]),
          2,
        ),
        '',
        table(
          ['chat', 'idle members', 'server RSS (MB)', 'baseline (MB)', 'per member (KB)'],
          record.idleMembers.map((row) => [
            row.kind,
            fmt(row.members),
            fmt(row.rssMB),
            fmt(row.baselineMB),
            fmt(row.perMemberKB, 2),
          ]),
        ),
      ].join('\n'),
  },
  edge: {
    charts: (record) => ({
      'edge-origin': {
        title: 'Sync requests per second reaching the origin servers',
        data: {
          values: record.rows.map((row) => ({
            run: `${row.mode === 'edge' ? 'GET through nginx' : 'POST, direct'}, ${fmt(row.viewers)} viewers`,
            perSecond: Math.max(row.originRequestsPerSecond, 0.1),
          })),
        },
        mark: { type: 'bar', tooltip: true },
        encoding: {
          y: { field: 'run', type: 'nominal', sort: null, title: null, axis: { labelLimit: 320 } },
          x: {
            field: 'perSecond',
            type: 'quantitative',
            title: 'origin requests per second (log scale)',
            scale: { type: 'log' },
          },
        },
      },
    }),
    table: (record) =>
      table(
        [
          'viewers',
          'mode',
          'checks/s',
          'origin req/s',
          'delay p50 (s)',
          'delay p95 (s)',
          'bytes / viewer-min',
          'origin CPU (s/s)',
          'nginx CPU (s/s)',
          'failures',
        ],
        record.rows.map((row) => [
          fmt(row.viewers),
          row.mode === 'edge' ? 'GET through nginx' : 'POST, direct',
          fmt(row.checksPerSecond),
          fmt(row.originRequestsPerSecond, 1),
          seconds(row.delayMs.p50),
          seconds(row.delayMs.p95),
          fmt(row.bytesPerViewerPerMinute),
          fmt(row.cpu.origin, 2),
          row.mode === 'edge' ? fmt(row.cpu.nginx, 2) : '–',
          fmt(row.failures),
        ]),
        2,
      ),
  },
}

const streamTable = (rows) =>
  table(
    [
      'system',
      'requests / client-min',
      'KB / client-min',
      'KB per delivered update',
      'delay p50 (s)',
      'delay p95 (s)',
      'server CPU (s)',
    ],
    rows.map((row) => [
      row.label,
      fmt(row.requestsPerClientMinute, 1),
      kb(row.bytesPerClientMinute),
      kb(row.bytesPerUpdate),
      seconds(row.p50DelayMs),
      seconds(row.p95DelayMs) + (row.p95TransferMs === undefined ? '' : ` (+${fmt(row.p95TransferMs)} ms)`),
      fmt(row.serverCpuSeconds, 2),
    ]),
  )
