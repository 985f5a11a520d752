import { PROTOCOL_VERSION } from '@rootlodge/reality/types'
import type { RealityCore } from '../core/reality-core'
import { ExpositionWriter, type Labels } from './exposition'
import { metricsOf } from './registry'

/** Every metric of `{prefix}/metrics`, from `getStats()` and the per-server registry (docs/SERVER.md lists them). */
export const renderMetrics = async (server: RealityCore): Promise<string> => {
  const stats = await server.getStats()
  const metrics = metricsOf(server)
  const out = new ExpositionWriter()
    .samples('reality_info', 'gauge', 'This server: its id and protocol version.', [
      [{ server_id: stats.serverId, protocol: String(PROTOCOL_VERSION) }, 1],
    ])
    .value('reality_uptime_seconds', 'gauge', 'Seconds since the server was created.', stats.uptimeMs / 1000)
    .value('reality_draining', 'gauge', '1 once drain() was called: /ready answers 503.', server.draining ? 1 : 0)
    .samples(
      'reality_http_requests_total',
      'counter',
      'HTTP requests answered, by route, method and status.',
      [...metrics.requests].map(([id, count]): [Labels, number] => {
        const [route, method, status] = id.split(' ')
        return [{ route, method, status }, count]
      }),
    )
    .histogram(
      'reality_sync_duration_seconds',
      'Time to answer a sync, from parsed request to answer.',
      metrics.syncSeconds,
    )
    .value('reality_syncs_total', 'counter', 'Syncs answered.', stats.syncsServed)
    .value('reality_sync_keys_checked_total', 'counter', 'Keys checked across all syncs.', stats.keysChecked)
    .value('reality_sync_keys_changed_total', 'counter', 'Keys reported changed across all syncs.', stats.keysChanged)
    .value('reality_sync_rejected_total', 'counter', 'Sync requests refused as invalid.', stats.rejected)
    .value(
      'reality_updates_total',
      'counter',
      'Keys written by updateNode, invalidate and POST /invalidate.',
      stats.updates,
    )
    .value(
      'reality_write_rewrites_total',
      'counter',
      'Writes redone for taking longer than maxCommitLag.',
      stats.rewrites,
    )
    .value('reality_errors_total', 'counter', 'Server-side failures (storage errors and bugs).', stats.errors)
    .value(
      'reality_storage_errors_total',
      'counter',
      'Storage reads and writes that failed (answered 503).',
      stats.storageErrors,
    )
    .value('reality_keys_tracked', 'gauge', 'Keys the storage (or the read cache) holds.', stats.keysTracked)
  const cache = stats.cache
  if (cache) {
    out
      .value(
        'reality_read_cache_hits_total',
        'counter',
        'Reads answered from the cache without waiting for the storage.',
        cache.hits,
      )
      .value(
        'reality_read_cache_refreshes_total',
        'counter',
        'Catch-up reads of the storage that succeeded.',
        cache.refreshes,
      )
      .value('reality_read_cache_refresh_failures_total', 'counter', 'Catch-up reads that failed.', cache.failures)
      .value('reality_read_cache_rows_read_total', 'counter', 'Rows returned by catch-up reads.', cache.rowsRead)
      .value(
        'reality_read_cache_applied_total',
        'counter',
        'Nodes pushed by accelerators and peers that were new.',
        cache.applied,
      )
  }
  const accelerator = stats.accelerator
  if (accelerator) {
    const kind = { kind: accelerator.kind }
    out
      .samples('reality_accelerator_up', 'gauge', '1 while the accelerator is connected.', [
        [kind, accelerator.state === 'connected' ? 1 : 0],
      ])
      .samples('reality_accelerator_published_total', 'counter', 'Nodes sent to other servers.', [
        [kind, accelerator.published],
      ])
      .samples('reality_accelerator_received_total', 'counter', 'Nodes received from other servers.', [
        [kind, accelerator.received],
      ])
      .samples('reality_accelerator_dropped_total', 'counter', 'Nodes not sent: channel down or backlog.', [
        [kind, accelerator.dropped],
      ])
      .samples('reality_accelerator_connects_total', 'counter', 'Times the accelerator (re)connected.', [
        [kind, accelerator.connects],
      ])
  }
  const mesh = stats.mesh
  if (mesh) {
    out
      .value('reality_mesh_peers', 'gauge', 'Mesh peers known, configured and learned.', mesh.peers.length)
      .samples(
        'reality_mesh_peer_health',
        'gauge',
        "1 for each peer's current health (healthy, degraded, unhealthy, unknown).",
        Object.entries(mesh.health ?? {}).map(([peer, health]): [Labels, number] => [{ peer, health }, 1]),
      )
      .value('reality_mesh_queued', 'gauge', 'Keys queued for peers.', mesh.queued)
  }
  return out.toString()
}
