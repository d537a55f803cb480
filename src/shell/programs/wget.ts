// GNU Wget 1.14 once the wget rpm is installed (CentOS 7 minimal has none): `wget URL` saves the file in the current
// directory as the install notes do with kubernetes.repo. Progress and messages as wget 1.14 words them.
import type { Program } from '../../kubectl/context.ts';
import { here } from './common.ts';
import { hostOrigin, netOf, statusLine } from '../net/http.ts';
import { joinPath } from '../paths.ts';

const p2 = (n: number) => String(n).padStart(2, '0');
const stamp = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
};
const commas = (n: number) => n.toLocaleString('en-US');

export const wget: Program = async (ctx) => {
  const m = here(ctx);
  if (!m || !m.os.hasCommand('wget')) {
    ctx.err('bash: wget: command not found\n');
    return 127;
  }
  let outName: string | undefined;
  let quiet = false;
  const urls: string[] = [];
  for (let i = 0; i < ctx.args.length; i++) {
    const a = ctx.args[i]!;
    if (a === '-O') outName = ctx.args[++i];
    else if (a.startsWith('-O') && a.length > 2) outName = a.slice(2);
    else if (a === '-q' || a === '--quiet') quiet = true;
    else if (a.startsWith('-')) continue;
    else urls.push(a);
  }
  if (!urls.length) {
    ctx.err("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n");
    return 1;
  }
  const say = (s: string) => {
    if (!quiet) ctx.err(s);
  };
  const net = netOf(ctx);
  const from = hostOrigin(ctx);
  let status = 0;
  for (const raw of urls) {
    let url = /^[a-z]+:\/\//.test(raw) ? raw : `http://${raw}`;
    for (let hops = 0; hops < 20; hops++) {
      const u = /^(https?):\/\/([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url);
      if (!u) {
        ctx.err(`${raw}: Unsupported scheme.\n`);
        return 1;
      }
      const scheme = u[1] as 'http' | 'https';
      const host = u[2]!;
      const port = Number(u[3] ?? (scheme === 'https' ? 443 : 80));
      const path = u[4] ?? '/';
      say(`--${stamp(ctx.cluster.clock.now())}--  ${url}\n`);
      const dns = net?.lookup(from, host);
      if (!dns || !dns.ok || !dns.addresses.length) {
        say(`Resolving ${host} (${host})... failed: Name or service not known.\nwget: unable to resolve host address ‘${host}’\n`);
        status = 4;
        break;
      }
      const ip = dns.addresses[0]!;
      say(`Resolving ${host} (${host})... ${ip}\nConnecting to ${host} (${host})|${ip}|:${port}... `);
      const r = net!.request(from, ip, port, { scheme, method: 'GET', path, headers: { 'User-Agent': 'Wget/1.14 (linux-gnu)', Accept: '*/*', Host: host, Connection: 'Keep-Alive' } });
      if (!r.ok) {
        say(`failed: Connection refused.\n`);
        status = 4;
        break;
      }
      say(`connected.\nHTTP request sent, awaiting response... ${statusLine(r.response).replace(/^HTTP\/[\d.]+ /, '')}\n`);
      const res = r.response;
      const location = Object.entries(res.headers).find(([k]) => k.toLowerCase() === 'location')?.[1];
      if ([301, 302, 303, 307, 308].includes(res.status) && location) {
        say(`Location: ${location} [following]\n`);
        url = location;
        continue;
      }
      if (res.status >= 400) {
        say(`${stamp(ctx.cluster.clock.now())} ERROR ${statusLine(res).replace(/^HTTP\/[\d.]+ /, '')}.\n\n`);
        status = 8;
        break;
      }
      const file = outName ?? (path.replace(/\?.*$/, '').split('/').pop() || 'index.html');
      let name = file;
      // wget never overwrites without -O: it picks file.1, file.2, ...
      if (!outName) for (let n = 1; m.fs.exists(joinPath(ctx.cwd, name)); n++) name = `${file}.${n}`;
      const size = new TextEncoder().encode(res.body).length;
      const type = Object.entries(res.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
      say(`Length: ${commas(size)}${size >= 1024 ? ` (${(size / 1024).toFixed(1)}K)` : ''}${type ? ` [${type}]` : ''}\nSaving to: ‘${name}’\n\n`);
      try {
        if (name === '-') ctx.out(res.body);
        else ctx.fs.write(joinPath(ctx.cwd, name), res.body);
      } catch {
        ctx.err(`${name}: No such file or directory\n`);
        return 3;
      }
      say(`100%[${'='.repeat(38)}>] ${commas(size).padEnd(11)} --.-K/s   in 0s      \n\n`);
      say(`${stamp(ctx.cluster.clock.now())} (${(size / 1024 / 0.0001 / 1024).toFixed(1)} MB/s) - ‘${name}’ saved [${size}/${size}]\n\n`);
      break;
    }
  }
  return status;
};
