import fc from 'fast-check';
import { BlockList } from 'node:net';
import { ValidationFailed } from '../../../src/common/errors.js';
import { checkDestination, isPublicAddress } from '../../../src/webhooks/destination.js';

const REFUSED = [
  // IPv4
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', '"this network"'],
  ['10.0.0.0', 'private, first'],
  ['10.255.255.255', 'private, last'],
  ['100.64.0.1', 'carrier-grade NAT'],
  ['100.127.255.255', 'carrier-grade NAT, last'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback, elsewhere in 127/8'],
  ['169.254.169.254', 'link-local: cloud metadata'],
  ['169.254.0.1', 'link-local'],
  ['172.16.0.1', 'private 172.16/12, first'],
  ['172.31.255.255', 'private 172.16/12, last'],
  ['192.0.0.8', 'IETF protocol assignments'],
  ['192.0.2.1', 'documentation TEST-NET-1'],
  ['192.88.99.1', '6to4 relay anycast'],
  ['192.168.0.1', 'private'],
  ['192.168.255.255', 'private, last'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.255', 'benchmarking, last'],
  ['198.51.100.7', 'documentation TEST-NET-2'],
  ['203.0.113.9', 'documentation TEST-NET-3'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast (SSDP)'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  // IPv6
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback, written out'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
  ['::ffff:7f00:1', 'IPv4-mapped loopback in hex'],
  ['::ffff:10.0.0.1', 'IPv4-mapped private'],
  ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
  ['::ffff:192.168.1.1', 'IPv4-mapped private'],
  ['::ffff:0.0.0.0', 'IPv4-mapped unspecified'],
  ['::127.0.0.1', 'IPv4-compatible (deprecated)'],
  ['::8.8.8.8', 'IPv4-compatible (deprecated), even of a public address'],
  ['64:ff9b::10.0.0.1', 'NAT64 of a private address'],
  ['64:ff9b::7f00:1', 'NAT64 of loopback'],
  ['64:ff9b:1::1', 'local-use NAT64'],
  ['100::1', 'discard-only'],
  ['fc00::1', 'unique local'],
  ['fd12:3456:789a::1', 'unique local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local with a zone'],
  ['febf:ffff::1', 'link-local, last /16'],
  ['fec0::1', 'site-local (deprecated)'],
  ['ff02::1', 'multicast, link scope'],
  ['ff0e::1', 'multicast, global scope'],
  ['2001::1', 'Teredo'],
  ['2001:2::1', 'benchmarking'],
  ['2001:db8::1', 'documentation'],
  ['2002:c0a8:101::1', '6to4 (of 192.168.1.1)'],
  ['3fff::1', 'documentation (2024)'],
  // not addresses at all
  ['', 'empty'],
  ['localhost', 'a name'],
  ['1.2.3', 'three octets'],
  ['256.1.1.1', 'an octet too large'],
  ['010.0.0.1', 'a leading zero (octal to some parsers)'],
  ['1.2.3.4.5', 'five octets'],
  ['::g', 'not hex'],
  ['1:2:3:4:5:6:7:8:9', 'nine groups'],
] as const;

const ACCEPTED = [
  ['1.1.1.1', 'public'],
  ['8.8.8.8', 'public'],
  ['93.184.215.14', 'public'],
  ['9.255.255.255', 'just below 10/8'],
  ['11.0.0.0', 'just above 10/8'],
  ['100.63.255.255', 'just below 100.64/10'],
  ['100.128.0.0', 'just above 100.64/10'],
  ['126.255.255.255', 'just below 127/8'],
  ['128.0.0.0', 'just above 127/8'],
  ['169.253.255.255', 'just below 169.254/16'],
  ['169.255.0.0', 'just above 169.254/16'],
  ['172.15.255.255', 'just below 172.16/12'],
  ['172.32.0.0', 'just above 172.16/12'],
  ['192.0.1.1', 'between IETF assignments and TEST-NET-1'],
  ['192.167.255.255', 'just below 192.168/16'],
  ['192.169.0.0', 'just above 192.168/16'],
  ['198.17.255.255', 'just below 198.18/15'],
  ['198.20.0.0', 'just above 198.18/15'],
  ['223.255.255.255', 'just below multicast'],
  ['2001:4860:4860::8888', 'public IPv6'],
  ['2606:4700:4700::1111', 'public IPv6'],
  ['2a00:1450:4001:80b::200e', 'public IPv6'],
  ['2001:200::1', 'just above 2001::/23'],
  ['2001:db7:ffff::1', 'just below documentation'],
  ['2003::1', 'just above 6to4'],
  ['3ffe:ffff::1', 'just below 3fff::/20'],
  ['3fff:1000::1', 'just above 3fff::/20'],
  ['::ffff:8.8.8.8', 'IPv4-mapped public'],
  ['::ffff:808:808', 'IPv4-mapped public in hex'],
  ['64:ff9b::8.8.8.8', 'NAT64 of a public address'],
  ['64:ff9b::808:808', 'NAT64 of a public address in hex'],
] as const;

describe('isPublicAddress', () => {
  it.each(REFUSED)('refuses %s (%s)', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each(ACCEPTED)('accepts %s (%s)', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  const octet = fc.integer({ min: 0, max: 255 });
  const v4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
  /** Every address of a block: `prefix` octets fixed, the first free octet within [low, high]. */
  const inBlock = (fixed: number[], low = 0, high = 255) =>
    fc.tuple(fc.integer({ min: low, max: high }), octet, octet, octet).map(([first, ...rest]) => [...fixed, first, ...rest].slice(0, 4).join('.'));
  const hex = (ip: string) => {
    const o = ip.split('.').map(Number);
    return `${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  };

  it.each([
    ['0.0.0.0/8', inBlock([0])],
    ['10.0.0.0/8', inBlock([10])],
    ['100.64.0.0/10', inBlock([100], 64, 127)],
    ['127.0.0.0/8', inBlock([127])],
    ['169.254.0.0/16', inBlock([169, 254])],
    ['172.16.0.0/12', inBlock([172], 16, 31)],
    ['192.168.0.0/16', inBlock([192, 168])],
    ['224.0.0.0/3 (multicast, reserved, broadcast)', inBlock([], 224, 255)],
  ])('refuses every address in %s, and its IPv4-mapped and NAT64 forms', (_name, addresses) => {
    fc.assert(
      fc.property(addresses, (ip) => {
        for (const form of [ip, `::ffff:${ip}`, `::ffff:${hex(ip)}`, `64:ff9b::${ip}`, `64:ff9b::${hex(ip)}`]) expect([form, isPublicAddress(form)]).toEqual([form, false]);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('accepts every address of the /8 blocks that hold no special-purpose range', () => {
    const publicFirst = fc.oneof(
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 11, max: 99 }),
      fc.integer({ min: 101, max: 126 }),
      fc.integer({ min: 128, max: 168 }),
      fc.integer({ min: 170, max: 171 }),
      fc.integer({ min: 173, max: 191 }),
      fc.integer({ min: 193, max: 197 }),
      fc.integer({ min: 199, max: 202 }),
      fc.integer({ min: 204, max: 223 }),
    );
    fc.assert(
      fc.property(publicFirst, octet, octet, octet, (...o) => {
        expect(isPublicAddress(o.join('.'))).toBe(true);
      }),
      { seed: 8, numRuns: 1000 },
    );
  });

  it('agrees with node:net BlockList over the IANA special-purpose IPv4 registry, for any address', () => {
    const registry = new BlockList();
    for (const [network, bits] of [
      ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
      ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
    ] as const) registry.addSubnet(network, bits, 'ipv4');
    fc.assert(
      fc.property(v4, (ip) => {
        expect(isPublicAddress(ip)).toBe(!registry.check(ip, 'ipv4'));
      }),
      { seed: 9, numRuns: 5000 },
    );
  });

  it('judges an IPv4 address, its IPv4-mapped and its NAT64 forms alike', () => {
    fc.assert(
      fc.property(v4, (ip) => {
        const expected = isPublicAddress(ip);
        expect([`::ffff:${ip}`, `::ffff:${hex(ip)}`, `64:ff9b::${ip}`, `0:0:0:0:0:ffff:${hex(ip)}`].map(isPublicAddress)).toEqual([expected, expected, expected, expected]);
      }),
      { seed: 10, numRuns: 1000 },
    );
  });

  const group = fc.integer({ min: 0, max: 0xffff }).map((g) => g.toString(16));
  const v6 = (first: fc.Arbitrary<number>) => fc.tuple(first, fc.array(group, { minLength: 7, maxLength: 7 })).map(([f, rest]) => [f.toString(16), ...rest].join(':'));

  it.each([
    ['fc00::/7 (unique local)', v6(fc.integer({ min: 0xfc00, max: 0xfdff }))],
    ['fe80::/10 (link-local)', v6(fc.integer({ min: 0xfe80, max: 0xfebf }))],
    ['ff00::/8 (multicast)', v6(fc.integer({ min: 0xff00, max: 0xffff }))],
    ['outside 2000::/3 (not global unicast)', v6(fc.integer({ min: 0x4000, max: 0xfbff }))],
    ['2002::/16 (6to4)', v6(fc.constant(0x2002))],
  ])('refuses every address in %s', (_name, addresses) => {
    fc.assert(
      fc.property(addresses, (ip) => {
        expect([ip, isPublicAddress(ip)]).toEqual([ip, false]);
      }),
      { seed: 11, numRuns: 500 },
    );
  });

  it('accepts every global unicast IPv6 address outside the special-purpose blocks (2003:: – 3ffe:ffff::)', () => {
    fc.assert(
      fc.property(v6(fc.integer({ min: 0x2003, max: 0x3ffe })), (ip) => {
        expect([ip, isPublicAddress(ip)]).toEqual([ip, true]);
      }),
      { seed: 12, numRuns: 1000 },
    );
  });
});

describe('checkDestination', () => {
  async function refusal(url: string, allowPrivate = false): Promise<string> {
    const error = await checkDestination(url, allowPrivate).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    const { fields } = (error as ValidationFailed).details as { fields: { field: string; problems: string[] }[] };
    expect(fields).toEqual([{ field: 'url', problems: [expect.any(String)] }]);
    return fields[0].problems[0];
  }

  it.each([
    ['ftp://8.8.8.8/hook', /http or https/],
    ['file:///etc/passwd', /http or https/],
    ['javascript:alert(1)', /http or https/],
    ['not a url', /absolute/],
    ['/relative/path', /absolute/],
    ['https://user:password@8.8.8.8/hook', /credentials/],
    ['https://token@8.8.8.8/hook', /credentials/],
    ['http://127.0.0.1:8080/hook', /127\.0\.0\.1/],
    ['http://0x7f.1/hook', /127\.0\.0\.1/], // WHATWG (and so fetch) reads this as 127.0.0.1
    ['http://2130706433/hook', /127\.0\.0\.1/],
    ['http://10.1.2.3/hook', /10\.1\.2\.3/],
    ['http://[::1]/hook', /::1/],
    ['http://[::ffff:169.254.169.254]/latest/meta-data', /::ffff:a9fe:a9fe/],
    ['http://169.254.169.254/latest/meta-data', /169\.254\.169\.254/],
  ])('refuses %s', async (url, reason) => {
    expect(await refusal(url)).toMatch(reason);
  });

  it('accepts http(s) URLs on public addresses, normalized as fetch will call them', async () => {
    expect((await checkDestination('HTTPS://8.8.8.8:8443/a/../hook?x=1', false)).href).toBe('https://8.8.8.8:8443/hook?x=1');
    expect((await checkDestination('http://[2001:4860:4860::8888]/hook', false)).href).toBe('http://[2001:4860:4860::8888]/hook');
  });

  it('with allowPrivate, accepts loopback and private addresses, but still only http(s) without credentials', async () => {
    expect((await checkDestination('http://127.0.0.1:8080/hook', true)).host).toBe('127.0.0.1:8080');
    expect((await checkDestination('http://[::1]/hook', true)).hostname).toBe('[::1]');
    expect(await refusal('ftp://127.0.0.1/hook', true)).toMatch(/http or https/);
    expect(await refusal('http://a:b@127.0.0.1/hook', true)).toMatch(/credentials/);
  });
});
