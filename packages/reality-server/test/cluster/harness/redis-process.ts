import { type ChildProcess, spawn } from 'node:child_process'
import { createConnection } from 'node:net'
import { waitFor } from '@reality-internal/test-utils'
import { freePort } from './ports'

/** A redis-server of the test's own on a free port, which the test may stop and start again. */
export interface RedisProcess {
  readonly port: number
  readonly url: string
  /** Kills it (SIGKILL: no goodbye to clients) and waits until the port is closed. */
  stop(): Promise<void>
  /** Starts it again on the same port and waits until it accepts connections. */
  start(): Promise<void>
}

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

const until = async (port: number, open: boolean): Promise<void> => {
  await waitFor(async () => (await accepts(port)) === open, {
    timeout: 5_000,
    every: 25,
    message: `redis-server on ${port} to ${open ? 'start' : 'stop'}`,
  })
}

/**
 * Starts `redis-server --port N --save '' --appendonly no` as a child process. Never the
 * shared one on 6379: other tests use it, and these tests stop theirs.
 */
export const startRedisProcess = async (): Promise<RedisProcess> => {
  const port = await freePort()
  let child: ChildProcess | undefined
  const start = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    })
    await until(port, true)
  }
  const stop = async (): Promise<void> => {
    const running = child
    child = undefined
    if (!running || running.exitCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGKILL')
    await exited
    await until(port, false)
  }
  await start()
  return { port, url: `redis://127.0.0.1:${port}`, stop, start }
}
