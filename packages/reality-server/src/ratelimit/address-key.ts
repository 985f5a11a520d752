/*
 * One client, one key: an IPv4 address as is, an IPv6 address by its /64 prefix. A single IPv6
 * host is routinely given a whole /64, so keying on full addresses would hand it 2^64 budgets.
 */

const IPV4_MAPPED = '::ffff:'

/** Groups of an IPv6 address with `::` expanded (an embedded IPv4 tail counts as two groups). */
const expand = (address: string): string[] => {
  const gap = address.indexOf('::')
  if (gap === -1) return address.split(':')
  const head = gap === 0 ? [] : address.slice(0, gap).split(':')
  const tail = gap + 2 === address.length ? [] : address.slice(gap + 2).split(':')
  const width = head.length + tail.length + (tail.at(-1)?.includes('.') ? 1 : 0)
  return [...head, ...Array<string>(Math.max(0, 8 - width)).fill('0'), ...tail]
}

/** The key a limit counts `address` under: the IPv4 address, or `<first four groups>::/64` for IPv6. */
export const addressKey = (address: string): string => {
  if (address.startsWith(IPV4_MAPPED) && address.includes('.')) return address.slice(IPV4_MAPPED.length)
  if (!address.includes(':')) return address
  const zone = address.indexOf('%')
  const groups = expand((zone === -1 ? address : address.slice(0, zone)).toLowerCase())
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+/, '') || '0')
    .join(':')}::/64`
}
