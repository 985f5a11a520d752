import { launchNginx, type Nginx } from './nginx'
import { freePort } from './ports'

/*
 * nginx as an HTTP cache in front of Reality servers, configured as docs/EDGE.md shows: `proxy_cache` keyed by the
 * URL, honouring the origin's Cache-Control (so `private, no-store` is never kept), one request per expired answer
 * (`proxy_cache_lock`) while the others get the stale one (`proxy_cache_use_stale updating`).
 */

export interface CachingNginx extends Nginx {
  /** The cache as docs/EDGE.md configures it. */
  readonly edge: string
  /**
   * A misconfigured cache that keeps every GET answer 60 s whatever the origin says: what a client must survive
   * without going backwards.
   */
  readonly stale: string
  /** The same, announcing an hour of `Age` as a CDN would for an answer it kept that long. */
  readonly aged: string
}

const cacheLocation = (zone: string, extra: string) => `    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_next_upstream error timeout;
      proxy_cache ${zone};
      proxy_cache_key $scheme$proxy_host$request_uri;
      proxy_cache_lock on;
      proxy_cache_lock_timeout 5s;
      proxy_cache_use_stale updating error timeout;
      proxy_cache_background_update on;
      proxy_cache_revalidate on;
${extra}      add_header X-Cache-Status $upstream_cache_status always;
    }`

export const startCachingNginx = async (backends: number[]): Promise<CachingNginx> => {
  const ports = [await freePort(), await freePort(), await freePort()]
  const nginx = await launchNginx(
    ports,
    (
      dir,
    ) => `  proxy_cache_path ${dir}/cache/edge levels=1:2 keys_zone=edge:10m max_size=64m inactive=10m use_temp_path=off;
  proxy_cache_path ${dir}/cache/stale levels=1:2 keys_zone=stale:1m max_size=8m inactive=10m use_temp_path=off;
  upstream origin {
${backends.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=1s;`).join('\n')}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${ports[0]};
${cacheLocation('edge', '')}
  }
  server {
    listen 127.0.0.1:${ports[1]};
${cacheLocation('stale', '      proxy_ignore_headers Cache-Control Expires X-Accel-Expires;\n      proxy_cache_valid 200 60s;\n')}
  }
  server {
    listen 127.0.0.1:${ports[2]};
${cacheLocation('stale', '      proxy_ignore_headers Cache-Control Expires X-Accel-Expires;\n      proxy_cache_valid 200 60s;\n      add_header Age 3600 always;\n')}
  }`,
  )
  return { ...nginx, edge: nginx.urls[0], stale: nginx.urls[1], aged: nginx.urls[2] }
}
