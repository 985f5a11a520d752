import { SYMBOLS } from './ticker-script'

const style = `body{font:14px system-ui,sans-serif;margin:12px}table{border-collapse:collapse}
td,th{padding:2px 10px;text-align:right}th{text-align:left}`

/** One app's page: the ticker table its script fills in. Both apps serve it unchanged. */
export const appPage = (title: string): string => `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title><style>${style}</style></head>
<body><h3>${title}</h3><table><thead><tr><th>symbol</th><th>price</th><th>update #</th></tr></thead><tbody>
${SYMBOLS.map((s) => `<tr id="${s}"><th>${s}</th><td class="price">…</td><td class="seq"></td></tr>`).join('\n')}
</tbody></table><p>events received: <b id="received">0</b>, last update #<b id="last">–</b></p>
<script type="module" src="/app.js"></script></body></html>`

/** The two apps side by side, with the server's counters of each under it, refreshed every second. */
export const indexPage = (oldOrigin: string, newOrigin: string): string => `<!doctype html>
<html><head><meta charset="utf-8"><title>SSE migration</title><style>${style}
.apps{display:flex;gap:16px}.app{flex:1}iframe{width:100%;height:260px;border:1px solid #ccc}</style></head>
<body><h2>The same scripted ticker, before and after the migration</h2>
<p>Counters are taken on each app's server sockets (its page and script excluded).</p>
<div class="apps">
${[
  ['old', oldOrigin],
  ['new', newOrigin],
]
  .map(
    ([id, origin]) => `<div class="app"><iframe src="${origin}/"></iframe><table id="${id}">
<tr><th>requests</th><td class="requests"></td></tr><tr><th>bytes</th><td class="bytes"></td></tr>
<tr><th>payload fetches</th><td class="payloads"></td></tr><tr><th>responses open now</th><td class="open"></td></tr>
<tr><th>connection time held (s)</th><td class="openMs"></td></tr>
<tr><th>longest response (s)</th><td class="longestMs"></td></tr></table></div>`,
  )
  .join('\n')}
</div>
<script>
const show = (id, traffic) => {
  for (const [name, value] of Object.entries(traffic)) {
    const cell = document.querySelector('#' + id + ' .' + name)
    if (cell) cell.textContent = name.endsWith('Ms') ? (value / 1000).toFixed(1) : value.toLocaleString()
  }
}
const refresh = async () => {
  const stats = await (await fetch('/stats')).json()
  show('old', stats.old)
  show('new', stats.new)
}
refresh()
setInterval(refresh, 1000)
</script></body></html>`
