import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { ValidationFailed } from '../common/errors.js';

/** A CIDR block of one family, as the number of its first address. */
interface Block {
  family: 4 | 6;
  base: bigint;
  bits: number;
}

function v4Value(ip: string): bigint {
  return ip.split('.').reduce((value, octet) => (value << 8n) | BigInt(octet), 0n);
}

/** The 128-bit value of an IPv6 address (any zone id dropped, a trailing dotted IPv4 read as its two groups). */
function v6Value(ip: string): bigint {
  let text = ip.split('%')[0];
  const dotted = /\d+\.\d+\.\d+\.\d+$/.exec(text);
  if (dotted) {
    const v4 = v4Value(dotted[0]);
    text = `${text.slice(0, dotted.index)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const all = tail === undefined ? groups(head) : [...groups(head), ...Array<string>(8 - groups(head).length - groups(tail).length).fill('0'), ...groups(tail)];
  return all.reduce((value, group) => (value << 16n) | BigInt(`0x${group}`), 0n);
}

function block(cidr: string): Block {
  const [address, bits] = cidr.split('/');
  const family = isIP(address) as 4 | 6;
  return { family, base: family === 4 ? v4Value(address) : v6Value(address), bits: Number(bits) };
}

function contains({ family, base, bits }: Block, value: bigint): boolean {
  const shift = BigInt((family === 4 ? 32 : 128) - bits);
  return value >> shift === base >> shift;
}

/** IPv4 blocks of the IANA special-purpose registry that are not globally reachable. */
const V4_REFUSED = [
  '0.0.0.0/8', // "this network", the unspecified address
  '10.0.0.0/8', // private
  '100.64.0.0/10', // carrier-grade NAT
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local, where cloud metadata services answer
  '172.16.0.0/12', // private
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // documentation
  '192.88.99.0/24', // 6to4 relay anycast
  '192.168.0.0/16', // private
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // documentation
  '203.0.113.0/24', // documentation
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, and the broadcast address 255.255.255.255
].map(block);

/**
 * IPv6 forms that carry an IPv4 address in their last 32 bits and reach it: IPv4-mapped, and the
 * well-known NAT64 prefix (IPv6-only networks reach public IPv4 hosts through it).
 */
const V6_EMBEDDING_V4 = ['::ffff:0:0/96', '64:ff9b::/96'].map(block);

/**
 * Only global unicast is public. Outside it lie the unspecified and loopback addresses, the
 * deprecated IPv4-compatible form, discard-only, unique local (fc00::/7), link-local (fe80::/10),
 * site-local and multicast; inside it, these blocks are refused as well.
 */
const V6_GLOBAL_UNICAST = block('2000::/3');
const V6_REFUSED = [
  '2001::/23', // IETF protocol assignments (Teredo, benchmarking, ORCHID)
  '2001:db8::/32', // documentation
  '2002::/16', // 6to4: would reach the IPv4 address it embeds through a relay
  '3fff::/20', // documentation
].map(block);

const V4_MASK = 0xffff_ffffn;

const isPublicV4 = (value: bigint) => !V4_REFUSED.some((b) => contains(b, value));

/** Whether a webhook may be sent to this address: anything not an IP address, or not globally reachable, is not. */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return isPublicV4(v4Value(ip));
  if (family !== 6) return false;
  const value = v6Value(ip);
  if (V6_EMBEDDING_V4.some((b) => contains(b, value))) return isPublicV4(value & V4_MASK);
  return contains(V6_GLOBAL_UNICAST, value) && !V6_REFUSED.some((b) => contains(b, value));
}

const refused = (problem: string) => ValidationFailed.field('url', problem);

async function addressesOf(host: string): Promise<string[]> {
  if (isIP(host)) return [host];
  try {
    return (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    return [];
  }
}

/**
 * Where a webhook may be sent: an http(s) URL without credentials whose host resolves, and, unless
 * `allowPrivate`, only to public addresses — every one of them, since the sender may pick any.
 * Checked when a webhook is created and again before each attempt, as DNS answers may change.
 * Answers the URL as WHATWG normalizes it, the form `fetch` calls (e.g. `http://0x7f.1` is 127.0.0.1).
 */
export async function checkDestination(url: string, allowPrivate: boolean): Promise<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refused('url must be an absolute http or https URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw refused('url must use http or https');
  if (parsed.username || parsed.password) throw refused('url must not carry credentials');
  // an IPv6 literal's hostname keeps its brackets
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = await addressesOf(host);
  if (addresses.length === 0) throw refused(`the host ${host} does not resolve`);
  const blocked = allowPrivate ? undefined : addresses.find((a) => !isPublicAddress(a));
  if (blocked) throw refused(`the host ${host} resolves to ${blocked}, a loopback, private, link-local or otherwise non-public address`);
  return parsed;
}
