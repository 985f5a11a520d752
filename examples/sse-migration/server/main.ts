import { startDemo } from './demo'

/* `npm run example:sse`: the two apps side by side on the scripted ticker, until Ctrl-C. */
const demo = await startDemo(Number(process.env.PORT ?? 3400))
demo.play()
console.log(`SSE migration example: open ${demo.url}`)
console.log(`  before (held SSE stream):          ${demo.old.origin}/`)
console.log(`  after  (RealityEventSource):       ${demo.new.origin}/`)
const stop = (): void => {
  void demo.stop().then(() => process.exit(0))
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
