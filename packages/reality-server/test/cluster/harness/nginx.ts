import { type ChildProcess, spawn } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitFor } from '@reality-internal/test-utils'
import { freePort } from './ports'

/** nginx from Debian, run by the test as a child process on loopback ports with its own config. */
export interface Nginx {
  /** `http://127.0.0.1:<port>` of each front, in the order given. */
  readonly urls: string[]
  /** Of the master process (its one worker is its child). */
  readonly pid: number
  stop(): Promise<void>
}

export const NGINX_BIN = '/usr/sbin/nginx'

/**
 * One front per entry of `fronts`, each a round-robin upstream over those backend ports: no
 * stickiness (no ip_hash, no cookies), keep-alive to the backends, and a dead backend is
 * skipped for the next one (connection errors only: a request it already got is not replayed).
 */
export const startNginx = async (fronts: number[][]): Promise<Nginx> => {
  const ports = await Promise.all(fronts.map(() => freePort()))
  const upstreams = fronts
    .map(
      (backends, i) =>
        `  upstream front${i} {\n${backends.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=1s;`).join('\n')}\n    keepalive 16;\n  }`,
    )
    .join('\n')
  const servers = ports
    .map(
      (port, i) => `  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://front${i};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_next_upstream error timeout;
      proxy_connect_timeout 2s;
    }
  }`,
    )
    .join('\n')
  return launchNginx(ports, () => `${upstreams}\n${servers}`)
}

/**
 * Runs nginx on `ports` with the `http {}` body `config` returns (given nginx's own temporary folder, for cache
 * paths); resolves once every port answers.
 */
export const launchNginx = async (ports: number[], config: (dir: string) => string): Promise<Nginx> => {
  const dir = mkdtempSync(join(tmpdir(), 'reality-nginx-'))
  // Run as root, nginx's worker drops to an unprivileged user: it must still reach its temporary and cache folders.
  chmodSync(dir, 0o755)
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'cache']) mkdirSync(join(dir, sub), { mode: 0o777 })
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'cache']) chmodSync(join(dir, sub), 0o777)
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 16384; }
worker_rlimit_nofile 40000;
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${config(dir)}
}
`,
  )
  const child: ChildProcess = spawn(
    NGINX_BIN,
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log'), '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const urls = ports.map((port) => `http://127.0.0.1:${port}`)
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`)
      await Promise.all(urls.map((url) => fetch(`${url}/`)))
      return true
    },
    { message: 'nginx to listen', timeout: 10_000, every: 50 },
  )
  return {
    urls,
    pid: child.pid ?? 0,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGQUIT')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
