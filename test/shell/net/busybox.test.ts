// BusyBox 1.37 wget and nslookup inside a pod, against a scripted network.
import { describe, expect, it } from 'vitest';
import { createFileSystem } from '../../../src/cluster/hosts/fs.ts';
import { makeBusyboxWget, wgetProgress } from '../../../src/shell/net/wget.ts';
import { makeBindNslookup, makeBusyboxNslookup, makeDig, makeHost } from '../../../src/shell/net/dns-tools.ts';
import { clusterWith, fakeNet, nginx, NGINX_PAGE, runProgram } from './fake-net.ts';

const SVC = '10.96.12.34';
const origin = () => ({ kind: 'pod' as const, namespace: 'default', pod: 'box' });
const wget = makeBusyboxWget(origin);
const nslookup = makeBusyboxNslookup(origin);

function podFs() {
  const fs = createFileSystem(() => 0);
  fs.mkdir('/etc', { parents: true });
  fs.write('/etc/resolv.conf', 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  return fs;
}

const net = (extra: Parameters<typeof fakeNet>[0] = {}) =>
  fakeNet({
    names: { 'mynginx.default.svc.cluster.local': SVC, 'google.com': '142.250.76.142' },
    listen: { [`${SVC}:80`]: (req) => (req.path === '/' ? nginx() : nginx('<html>404</html>\n', 404)) },
    failures: { '10.96.0.99': 'timeout' },
    ptr: { [SVC]: 'mynginx.default.svc.cluster.local' },
    ...extra,
  });

describe('busybox wget', () => {
  it('fetches to stdout with its progress bar, as `wget -O- mynginx` shows', async () => {
    const n = net();
    const r = await runProgram(wget, ['-O-', 'mynginx'], { cluster: clusterWith(n), fs: podFs(), cwd: '/' });
    expect(r.out).toBe(NGINX_PAGE);
    expect(r.err).toBe(`Connecting to mynginx (${SVC}:80)\nwriting to stdout\n-                    100% |********************************|   121  0:00:00 ETA\nwritten to stdout\n`);
    expect(n.log.at(-1)!.req.headers).toEqual({ Host: 'mynginx', 'User-Agent': 'Wget', Connection: 'close' });
    expect(await runProgram(wget, ['-qO-', 'mynginx'], { cluster: clusterWith(n), fs: podFs(), cwd: '/' })).toMatchObject({ out: NGINX_PAGE, err: '', status: 0 });
  });

  it('saves index.html and will not overwrite it without -O', async () => {
    const fs = podFs();
    const cluster = clusterWith(net());
    const r = await runProgram(wget, ['http://mynginx/'], { cluster, fs, cwd: '/' });
    expect(r.err).toBe(`Connecting to mynginx (${SVC}:80)\nsaving to 'index.html'\nindex.html           100% |********************************|   121  0:00:00 ETA\n'index.html' saved\n`);
    expect(fs.read('/index.html')).toBe(NGINX_PAGE);
    expect(await runProgram(wget, ['mynginx'], { cluster, fs, cwd: '/' })).toMatchObject({ err: `Connecting to mynginx (${SVC}:80)\nwget: can't open 'index.html': File exists\n`, status: 1 });
  });

  it('words failures as busybox does', async () => {
    const cluster = clusterWith(net());
    const fs = podFs();
    expect(await runProgram(wget, ['-qO-', 'nosuch'], { cluster, fs })).toMatchObject({ err: "wget: bad address 'nosuch'\n", status: 1 });
    expect(await runProgram(wget, ['-O-', '10.96.0.5'], { cluster, fs })).toMatchObject({ err: "Connecting to 10.96.0.5 (10.96.0.5:80)\nwget: can't connect to remote host (10.96.0.5): Connection refused\n", status: 1 });
    expect(await runProgram(wget, ['-O-', 'mynginx/nope'], { cluster, fs })).toMatchObject({ err: `Connecting to mynginx (${SVC}:80)\nwget: server returned error: HTTP/1.1 404 Not Found\n`, status: 1 });
    const t0 = cluster.clock.now();
    expect(await runProgram(wget, ['-q', '-T', '2', '10.96.0.99'], { cluster, fs })).toMatchObject({ err: 'wget: download timed out\n', status: 1 });
    expect(cluster.clock.now() - t0).toBe(2000);
    expect((await runProgram(wget, [], { cluster, fs })).err).toMatch(/^BusyBox v1\.37\.0 \(2024-09-26 21:31:42 UTC\) multi-call binary\.\n\nUsage: wget /);
  });

  it('-S shows the response headers', async () => {
    const r = await runProgram(wget, ['-S', '-O', '/dev/null', 'mynginx'], { cluster: clusterWith(net()), fs: podFs() });
    expect(r.err).toContain('  HTTP/1.1 200 OK\n  Server: nginx/1.27.3\n  Content-Type: text/html\n  Content-Length: 121\n');
  });

  it('draws the bar to the terminal width when stderr is a terminal', () => {
    expect(wgetProgress('-', 615, 615, true, 60)).toBe('\r-                    100% |************|   615  0:00:00 ETA\n');
    expect(wgetProgress('index.html', 615, 0, false, 80)).toBe('index.html             615 --:--:-- ETA\n');
  });
});

describe('busybox nslookup', () => {
  it('asks every search domain for A and AAAA, printing each reply, and exits 1 for the NXDOMAINs', async () => {
    const r = await runProgram(nslookup, ['mynginx'], { cluster: clusterWith(net()), fs: podFs() });
    expect(r.out).toBe(
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n' +
        `Name:\tmynginx.default.svc.cluster.local\nAddress: ${SVC}\n\n` +
        "** server can't find mynginx.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find mynginx.cluster.local: NXDOMAIN\n\n" +
        '\n' +
        "** server can't find mynginx.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find mynginx.cluster.local: NXDOMAIN\n\n",
    );
    expect(r.status).toBe(1);
  });

  it('a full name is asked once per type; outside names are non-authoritative', async () => {
    const cluster = clusterWith(net());
    const full = await runProgram(nslookup, ['mynginx.default.svc.cluster.local'], { cluster, fs: podFs() });
    expect(full).toMatchObject({ out: `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tmynginx.default.svc.cluster.local\nAddress: ${SVC}\n\n\n`, status: 0 });
    const outside = await runProgram(nslookup, ['google.com'], { cluster, fs: podFs() });
    expect(outside.out).toBe('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nNon-authoritative answer:\nName:\tgoogle.com\nAddress: 142.250.76.142\n\nNon-authoritative answer:\n\n');
  });

  it('an unknown name fails for every query; a dead DNS times out', async () => {
    const r = await runProgram(nslookup, ['nosuch'], { cluster: clusterWith(net()), fs: podFs() });
    expect(r.status).toBe(1);
    expect(r.out.match(/\*\* server can't find nosuch\.[a-z.]+: NXDOMAIN/g)).toHaveLength(6);
    const cluster = clusterWith(net({ dnsDown: true }));
    const t0 = cluster.clock.now();
    expect(await runProgram(nslookup, ['mynginx'], { cluster, fs: podFs() })).toMatchObject({ out: ';; connection timed out; no servers could be reached\n\n', status: 1 });
    expect(cluster.clock.now() - t0).toBeGreaterThanOrEqual(5000);
  });

  it('looks an address up by PTR', async () => {
    const r = await runProgram(nslookup, [SVC], { cluster: clusterWith(net()), fs: podFs() });
    expect(r.out).toBe(`Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n34.12.96.10.in-addr.arpa\tname = mynginx.default.svc.cluster.local\n\n`);
  });
});

describe('bind tools (dnsutils images)', () => {
  it('nslookup and host use the search list and print one answer', async () => {
    const cluster = clusterWith(net());
    const ns = makeBindNslookup(origin);
    expect(await runProgram(ns, ['mynginx'], { cluster, fs: podFs() })).toMatchObject({ out: `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tmynginx.default.svc.cluster.local\nAddress: ${SVC}\n\n`, status: 0 });
    expect(await runProgram(ns, ['nosuch'], { cluster, fs: podFs() })).toMatchObject({ out: "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find nosuch: NXDOMAIN\n\n", status: 1 });
    const host = makeHost(origin);
    expect(await runProgram(host, ['mynginx'], { cluster, fs: podFs() })).toMatchObject({ out: `mynginx.default.svc.cluster.local has address ${SVC}\n`, status: 0 });
    expect(await runProgram(host, ['nosuch'], { cluster, fs: podFs() })).toMatchObject({ out: 'Host nosuch not found: 3(NXDOMAIN)\n', status: 1 });
  });

  it('dig +short prints the address; dig does not use the search list', async () => {
    const cluster = clusterWith(net());
    const dig = makeDig(origin);
    expect((await runProgram(dig, ['+short', 'mynginx.default.svc.cluster.local'], { cluster, fs: podFs() })).out).toBe(`${SVC}\n`);
    const short = await runProgram(dig, ['mynginx'], { cluster, fs: podFs() });
    expect(short.out).toContain(';; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN');
    const full = await runProgram(dig, ['mynginx.default.svc.cluster.local'], { cluster, fs: podFs() });
    expect(full.out).toContain(`;; ANSWER SECTION:\nmynginx.default.svc.cluster.local.\t30\tIN\tA\t${SVC}\n`);
    expect(full.out).toContain(';; SERVER: 10.96.0.10#53(10.96.0.10)\n');
  });
});
