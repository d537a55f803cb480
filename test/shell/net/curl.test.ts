// curl as CentOS 7 (7.29.0) and the images' curls (7.88.1, 8.11.1) print it, against a scripted network.
import { describe, expect, it } from 'vitest';
import { makeCurl, progressLine } from '../../../src/shell/net/curl.ts';
import { CENTOS7_CURL, hostCurl } from '../../../src/shell/net/tools.ts';
import { clusterWith, fakeNet, nginx, NGINX_PAGE, runProgram } from './fake-net.ts';

const SVC = '10.96.12.34';
const net = () =>
  fakeNet({
    names: { mynginx: SVC, 'mynginx.default.svc.cluster.local': SVC, localhost: '127.0.0.1' },
    listen: {
      [`${SVC}:80`]: (req) => (req.path === '/' ? nginx() : req.path === '/old' ? nginx('', 301, { Location: `http://${SVC}/` }) : nginx('<html>404</html>\n', 404)),
      '10.0.2.16:31234': () => nginx(),
      '10.96.0.1:443': () => ({ status: 403, headers: { 'Content-Type': 'application/json' }, body: '{"kind":"Status"}\n' }),
      '10.0.2.15:22': () => 'reset',
    },
    failures: { '10.96.0.99': 'timeout', '10.0.2.99': 'unreachable' },
  });

const pod = () => ({ kind: 'pod' as const, namespace: 'default', pod: 'web' });
const curl788 = makeCurl({ version: '7.88.1', versionText: 'curl 7.88.1\n', origin: pod, caFile: '/etc/ssl/certs/ca-certificates.crt', caPath: '/etc/ssl/certs' });
const curl8 = makeCurl({ version: '8.11.1', versionText: 'curl 8.11.1\n', origin: pod, caFile: '/cacert.pem' });

describe('curl 7.29.0 on the machines', () => {
  it('prints the page silently, and shows the progress meter on stderr when stdout is not a terminal', async () => {
    const cluster = clusterWith(net());
    const quiet = await runProgram(hostCurl, ['-s', SVC], { cluster });
    expect(quiet).toMatchObject({ out: NGINX_PAGE, err: '', status: 0 });
    const piped = await runProgram(hostCurl, [SVC], { cluster });
    expect(piped.out).toBe(NGINX_PAGE);
    expect(piped.err).toBe(
      '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
        '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
        '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0' +
        '\r100   121  100   121    0     0  60500      0 --:--:-- --:--:-- --:--:-- 60500\n',
    );
    const tty = await runProgram(hostCurl, [SVC], { cluster, tty: true });
    expect(tty.err).toBe('');
    // a request takes a few ms of virtual time
    expect(cluster.advanced.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('words connection failures as 7.29 does, with its exit codes and the time the kernel waits', async () => {
    const cluster = clusterWith(net());
    expect(await runProgram(hostCurl, ['-sS', 'nosuch'], { cluster })).toMatchObject({ err: 'curl: (6) Could not resolve host: nosuch; Unknown error\n', status: 6 });
    expect(await runProgram(hostCurl, ['-sS', '10.96.0.5'], { cluster })).toMatchObject({ err: 'curl: (7) Failed connect to 10.96.0.5:80; Connection refused\n', status: 7 });
    expect(await runProgram(hostCurl, ['-sS', 'localhost:8080'], { cluster })).toMatchObject({ err: 'curl: (7) Failed connect to localhost:8080; Connection refused\n', status: 7 });
    const before = cluster.clock.now();
    expect(await runProgram(hostCurl, ['-sS', '10.96.0.99'], { cluster })).toMatchObject({ err: 'curl: (7) Failed connect to 10.96.0.99:80; Connection timed out\n', status: 7 });
    expect(cluster.clock.now() - before).toBeGreaterThanOrEqual(127_000);
    const t0 = cluster.clock.now();
    expect(await runProgram(hostCurl, ['-sS', '-m', '5', '10.96.0.99'], { cluster })).toMatchObject({ err: 'curl: (28) Connection timed out after 5001 milliseconds\n', status: 28 });
    expect(cluster.clock.now() - t0).toBeLessThan(6_000);
    expect(await runProgram(hostCurl, ['-sS', '--connect-timeout', '2', '10.96.0.99'], { cluster })).toMatchObject({ err: 'curl: (28) Connection timed out after 2001 milliseconds\n', status: 28 });
    expect(await runProgram(hostCurl, ['-sS', '10.0.2.99'], { cluster })).toMatchObject({ err: 'curl: (7) Failed connect to 10.0.2.99:80; No route to host\n', status: 7 });
    expect(await runProgram(hostCurl, ['-sS', '10.0.2.15:22'], { cluster })).toMatchObject({ err: 'curl: (52) Empty reply from server\n', status: 52 });
    // -s alone hides the message but not the exit code
    expect(await runProgram(hostCurl, ['-s', 'nosuch'], { cluster })).toMatchObject({ err: '', status: 6 });
  });

  it('leaves the meter line open before an error, as 7.29 does', async () => {
    const r = await runProgram(hostCurl, ['10.96.0.5'], { cluster: clusterWith(net()) });
    expect(r.err.split('\n').at(-2)).toBe('\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0curl: (7) Failed connect to 10.96.0.5:80; Connection refused');
  });

  it('shows the 7.29 verbose conversation', async () => {
    const r = await runProgram(hostCurl, ['-v', SVC], { cluster: clusterWith(net()), tty: true });
    expect(r.err).toBe(
      `* About to connect() to ${SVC} port 80 (#0)\n` +
        `*   Trying ${SVC}...\n` +
        `* Connected to ${SVC} (${SVC}) port 80 (#0)\n` +
        '> GET / HTTP/1.1\r\n' +
        '> User-Agent: curl/7.29.0\r\n' +
        `> Host: ${SVC}\r\n` +
        '> Accept: */*\r\n' +
        '> \r\n' +
        '< HTTP/1.1 200 OK\r\n' +
        '< Server: nginx/1.27.3\r\n' +
        '< Content-Type: text/html\r\n' +
        '< Content-Length: 121\r\n' +
        '< \r\n' +
        `* Connection #0 to host ${SVC} left intact\n`,
    );
    const failed = await runProgram(hostCurl, ['-v', '10.96.0.5'], { cluster: clusterWith(net()), tty: true });
    expect(failed.err).toBe('* About to connect() to 10.96.0.5 port 80 (#0)\n*   Trying 10.96.0.5...\n* Connection refused\n* Failed connect to 10.96.0.5:80; Connection refused\n* Closing connection 0\ncurl: (7) Failed connect to 10.96.0.5:80; Connection refused\n');
  });

  it('sends -H headers (a Host header replaces the default one) and reports what -w asks for', async () => {
    const n = net();
    const cluster = clusterWith(n);
    const r = await runProgram(hostCurl, ['-s', '-o', '/dev/null', '-w', '%{http_code} %{remote_ip}:%{remote_port} %{size_download}\\n', '-H', 'Host: blog.example.com', '-H', 'X-Test: 1', SVC], { cluster });
    expect(r).toMatchObject({ out: `200 ${SVC}:80 121\n`, status: 0 });
    expect(n.log.at(-1)!.req.headers).toEqual({ 'User-Agent': 'curl/7.29.0', Host: 'blog.example.com', Accept: '*/*', 'X-Test': '1' });
    const failed = await runProgram(hostCurl, ['-s', '-w', '%{http_code}', 'nosuch'], { cluster });
    expect(failed).toMatchObject({ out: '000', status: 6 });
  });

  it('-I asks with HEAD and prints the headers; -i puts them before the body', async () => {
    const n = net();
    const cluster = clusterWith(n);
    const head = await runProgram(hostCurl, ['-sI', SVC], { cluster });
    expect(head.out).toBe('HTTP/1.1 200 OK\r\nServer: nginx/1.27.3\r\nContent-Type: text/html\r\nContent-Length: 121\r\n\r\n');
    expect(n.log.at(-1)!.req.method).toBe('HEAD');
    const inc = await runProgram(hostCurl, ['-si', SVC], { cluster });
    expect(inc.out).toBe('HTTP/1.1 200 OK\r\nServer: nginx/1.27.3\r\nContent-Type: text/html\r\nContent-Length: 121\r\n\r\n' + NGINX_PAGE);
  });

  it('-f fails on 404 with the status text 7.29 quotes; -L follows a redirect', async () => {
    const cluster = clusterWith(net());
    expect(await runProgram(hostCurl, ['-sSf', `${SVC}/nope`], { cluster })).toMatchObject({ out: '', err: 'curl: (22) The requested URL returned error: 404 Not Found\n', status: 22 });
    expect(await runProgram(hostCurl, ['-s', `${SVC}/nope`], { cluster })).toMatchObject({ out: '<html>404</html>\n', status: 0 });
    expect((await runProgram(hostCurl, ['-s', `${SVC}/old`], { cluster })).out).toBe('');
    expect(await runProgram(hostCurl, ['-sL', `${SVC}/old`], { cluster })).toMatchObject({ out: NGINX_PAGE, status: 0 });
  });

  it('-d posts form data; -X changes the method', async () => {
    const n = net();
    await runProgram(hostCurl, ['-s', '-d', 'a=1', SVC], { cluster: clusterWith(n) });
    expect(n.log.at(-1)!.req).toMatchObject({ method: 'POST', body: 'a=1', headers: { 'Content-Length': '3', 'Content-Type': 'application/x-www-form-urlencoded' } });
    await runProgram(hostCurl, ['-s', '-X', 'DELETE', SVC], { cluster: clusterWith(n) });
    expect(n.log.at(-1)!.req.method).toBe('DELETE');
  });

  it('writes -o and -O files in the working directory', async () => {
    const cluster = clusterWith(net());
    expect((await runProgram(hostCurl, ['-so', 'page.html', SVC], { cluster })).status).toBe(0);
    expect(cluster.hosts.get('master')!.fs.read('/root/page.html')).toBe(NGINX_PAGE);
    expect(await runProgram(hostCurl, ['-sO', SVC], { cluster })).toMatchObject({ err: "curl: Remote file name has no length!\ncurl: try 'curl --help' or 'curl --manual' for more information\n", status: 23 });
  });

  it('--resolve pins a name to an address, keeping the name in Host', async () => {
    const n = net();
    const r = await runProgram(hostCurl, ['-s', '--resolve', `shop.example.com:31234:10.0.2.16`, 'http://shop.example.com:31234/'], { cluster: clusterWith(n) });
    expect(r).toMatchObject({ out: NGINX_PAGE, status: 0 });
    expect(n.log.at(-1)).toMatchObject({ host: '10.0.2.16', port: 31234, req: { headers: { Host: 'shop.example.com:31234' } } });
  });

  it('rejects a self-signed https server unless -k, with the NSS wording', async () => {
    const cluster = clusterWith(net());
    const r = await runProgram(hostCurl, ['-sS', 'https://10.96.0.1'], { cluster });
    expect(r.status).toBe(60);
    expect(r.err).toBe(
      "curl: (60) Peer's certificate issuer has not been recognized.\n" +
        'More details here: http://curl.haxx.se/docs/sslcerts.html\n\n' +
        'curl performs SSL certificate verification by default, using a "bundle"\n' +
        ' of Certificate Authority (CA) public keys (CA certs). If the default\n' +
        " bundle file isn't adequate, you can specify an alternate file\n" +
        ' using the --cacert option.\n' +
        'If this HTTPS server uses a certificate signed by a CA represented in\n' +
        ' the bundle, the certificate verification probably failed due to a\n' +
        ' problem with the certificate (it might be expired, or the name might\n' +
        ' not match the domain name in the URL).\n' +
        "If you'd like to turn off curl's verification of the certificate, use\n" +
        ' the -k (or --insecure) option.\n',
    );
    expect(await runProgram(hostCurl, ['-sk', 'https://10.96.0.1'], { cluster })).toMatchObject({ out: '{"kind":"Status"}\n', status: 0 });
  });

  it('complains about usage the 7.29 way', async () => {
    const cluster = clusterWith(net());
    expect(await runProgram(hostCurl, [], { cluster })).toMatchObject({ err: "curl: try 'curl --help' or 'curl --manual' for more information\n", status: 2 });
    expect(await runProgram(hostCurl, ['-s'], { cluster })).toMatchObject({ err: "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n", status: 2 });
    expect(await runProgram(hostCurl, ['--foo', SVC], { cluster })).toMatchObject({ err: "curl: option --foo: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n", status: 2 });
    expect(await runProgram(hostCurl, ['--max-time=5', SVC], { cluster })).toMatchObject({ err: "curl: option --max-time=5: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n", status: 2 });
    expect(await runProgram(hostCurl, ['-H'], { cluster })).toMatchObject({ err: "curl: option -H: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n", status: 2 });
    expect((await runProgram(hostCurl, ['-V'], { cluster })).out).toBe(CENTOS7_CURL.versionText);
    expect((await runProgram(hostCurl, ['--help'], { cluster })).out).toMatch(/^Usage: curl \[options\.\.\.\] <url>\nOptions: \(H\) means HTTP\/HTTPS only, \(F\) means FTP only\n/);
    expect(await runProgram(hostCurl, ['-sS', 'gopher2://x'], { cluster })).toMatchObject({ err: 'curl: (1) Protocol gopher2 not supported or disabled in libcurl\n', status: 1 });
  });
});

describe('the images’ curls', () => {
  it('7.88.1 (Debian 12): resolve and connect failures, and its verbose lines', async () => {
    const cluster = clusterWith(net());
    expect(await runProgram(curl788, ['-sS', 'nosuch'], { cluster })).toMatchObject({ err: 'curl: (6) Could not resolve host: nosuch\n', status: 6 });
    expect(await runProgram(curl788, ['-sS', '10.96.0.5'], { cluster })).toMatchObject({ err: "curl: (7) Failed to connect to 10.96.0.5 port 80 after 1 ms: Couldn't connect to server\n", status: 7 });
    expect(await runProgram(curl788, ['-sS', '10.96.0.99'], { cluster })).toMatchObject({ err: "curl: (28) Failed to connect to 10.96.0.99 port 80 after 127003 ms: Couldn't connect to server\n", status: 28 });
    expect(await runProgram(curl788, ['-sSf', `mynginx/nope`], { cluster })).toMatchObject({ err: 'curl: (22) The requested URL returned error: 404\n', status: 22 });
    const v = await runProgram(curl788, ['-v', 'mynginx'], { cluster, tty: true });
    expect(v.err.split('\n').slice(0, 6)).toEqual([`*   Trying ${SVC}:80...`, `* Connected to mynginx (${SVC}) port 80 (#0)`, '> GET / HTTP/1.1\r', '> Host: mynginx\r', '> User-Agent: curl/7.88.1\r', '> Accept: */*\r']);
    // the meter line is finished before the error
    const piped = await runProgram(curl788, ['nosuch'], { cluster });
    expect(piped.err.endsWith('\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\ncurl: (6) Could not resolve host: nosuch\n')).toBe(true);
  });

  it('8.11.1 (curlimages/curl) says "Could not connect" and reports its own timeouts', async () => {
    const cluster = clusterWith(net());
    expect(await runProgram(curl8, ['-sS', '10.96.0.5'], { cluster })).toMatchObject({ err: 'curl: (7) Failed to connect to 10.96.0.5 port 80 after 1 ms: Could not connect to server\n', status: 7 });
    expect(await runProgram(curl8, ['-sS', '-m', '3', '10.96.0.99'], { cluster })).toMatchObject({ err: 'curl: (28) Failed to connect to 10.96.0.99 port 80 after 3001 ms: Timeout was reached\n', status: 28 });
    expect(await runProgram(curl8, ['-s'], { cluster })).toMatchObject({ err: "curl: (2) no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n", status: 2 });
  });

  it('OpenSSL builds name the certificate problem', async () => {
    const cluster = clusterWith(net());
    const r = await runProgram(curl788, ['-sS', 'https://10.96.0.1'], { cluster });
    expect(r.err).toBe('curl: (60) SSL certificate problem: unable to get local issuer certificate\nMore details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.\n');
  });
});

describe('the progress meter', () => {
  it('formats sizes and speeds in curl’s five-column style', () => {
    expect(progressLine(0, 0, 0)).toBe('  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0');
    expect(progressLine(615, 615, 2)).toBe('100   615  100   615    0     0   300k      0 --:--:-- --:--:-- --:--:--  300k');
  });
});
