// DNS lookups from a pod: BusyBox 1.37's nslookup (networking/nslookup.c: one query per search
// domain, A then AAAA, every reply printed), and bind9's nslookup, host and dig (dnsutils images).
import {
  bindReport, bindReverseReport, busyboxQueries, busyboxReport, inClusterZone, isIPv4, NO_SERVERS, NSLOOKUP_USAGE, ptrName, queryAbsolute,
  readResolvConf, reverseAnswer, type Answer,
} from '../../cluster/kubelet/net-wording.ts';
import type { ClusterNetwork, DnsResult, NetOrigin } from '../../cluster/types.ts';
import type { Program, ProgramContext } from '../../kubectl/context.ts';
import { strftime } from '../builtins/misc-commands.ts';
import { netOf } from './http.ts';

/** The resolver's wait before "no servers could be reached": 5 s per try (busybox), 2 tries x 5 s (bind). */
const BUSYBOX_TIMEOUT_MS = 5_000;

/** BusyBox nslookup. */
export function makeBusyboxNslookup(origin: (ctx: ProgramContext) => NetOrigin): Program {
  return async (ctx) => {
    const operands: string[] = [];
    let type: string | undefined;
    for (const a of ctx.args) {
      const m = /^-(\w+)(?:=(.*))?$/.exec(a);
      if (m) {
        if (m[1] === 'type' || m[1] === 'query' || m[1] === 'q' || m[1] === 't') type = (m[2] ?? '').toLowerCase();
        else if (!['debug', 'nodebug', 'timeout', 'retry', 'port', 'search', 'nosearch', 'domain', 'd2', 'nod2', 'fail', 'nofail', 'ndots', 'vc', 'novc'].includes(m[1]!)) {
          ctx.err(NSLOOKUP_USAGE);
          return 1;
        }
        continue;
      }
      operands.push(a);
    }
    if (operands.length < 1 || operands.length > 2) {
      ctx.err(NSLOOKUP_USAGE);
      return 1;
    }
    if (type !== undefined && !['a', 'aaaa', 'cname', 'ptr', 'any', 'soa', 'ns', 'mx', 'txt', 'srv'].includes(type)) {
      ctx.err(`nslookup: invalid query type "${type}"\n`);
      return 1;
    }
    const name = operands[0]!;
    const conf = readResolvConf(ctx.fs);
    const server = operands[1] ?? conf.nameserver;
    const net = netOf(ctx);
    const from = origin(ctx);
    const queries = busyboxQueries(name, type, conf.search, operands[1]);
    await ctx.sleep(1);
    const answers = queries.map((q) => ({ q, a: q.qtype === 'PTR' ? reverseAnswer(net, from, name) : queryAbsolute(net, from, q.name) }));
    if (answers.every((x) => x.a.kind === 'timeout')) {
      await ctx.sleep(BUSYBOX_TIMEOUT_MS);
      ctx.out(`${NO_SERVERS}\n`);
      return 1;
    }
    const report = busyboxReport(server, answers);
    ctx.out(report.text);
    return report.status;
  };
}

/** Resolve through the search list as glibc and bind's tools do (ndots from resolv.conf). */
function searchLookup(net: ClusterNetwork | undefined, from: NetOrigin, name: string): DnsResult | undefined {
  return net?.lookup(from, name);
}

/** bind9's nslookup (dnsutils). */
export function makeBindNslookup(origin: (ctx: ProgramContext) => NetOrigin): Program {
  return async (ctx) => {
    const operands = ctx.args.filter((a) => !a.startsWith('-'));
    if (!operands.length) {
      // interactive mode needs a terminal; with none, nslookup reads commands from stdin and finds none
      ctx.out('> ');
      return 0;
    }
    const name = operands[0]!;
    const conf = readResolvConf(ctx.fs);
    const server = operands[1] ?? conf.nameserver;
    const net = netOf(ctx);
    const from = origin(ctx);
    await ctx.sleep(1);
    if (isIPv4(name)) {
      const ptr = net?.reverse(from, name);
      if (!net) return timedOut(ctx);
      const report = bindReverseReport(server, name, ptr);
      ctx.out(report.text);
      return report.status;
    }
    const r = searchLookup(net, from, name);
    if (!r || (!r.ok && r.reason === 'timeout')) return timedOut(ctx);
    const report = bindReport(server, name, r);
    ctx.out(report.text);
    return report.status;
  };
}

async function timedOut(ctx: ProgramContext): Promise<number> {
  await ctx.sleep(2 * BUSYBOX_TIMEOUT_MS);
  ctx.out(`${NO_SERVERS}\n`);
  return 1;
}

/** bind9's host. */
export function makeHost(origin: (ctx: ProgramContext) => NetOrigin): Program {
  return async (ctx) => {
    const operands = ctx.args.filter((a) => !a.startsWith('-'));
    if (!operands.length) {
      ctx.err('Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n            [-R number] [-m flag] hostname [server]\n');
      return 1;
    }
    const name = operands[0]!;
    const net = netOf(ctx);
    const from = origin(ctx);
    await ctx.sleep(1);
    if (isIPv4(name)) {
      if (!net) return timedOut(ctx);
      const ptr = net.reverse(from, name);
      if (!ptr) {
        ctx.out(`Host ${ptrName(name)} not found: 3(NXDOMAIN)\n`);
        return 1;
      }
      ctx.out(`${ptrName(name)} domain name pointer ${ptr.replace(/\.$/, '')}.\n`);
      return 0;
    }
    const r = searchLookup(net, from, name);
    if (!r || (!r.ok && r.reason === 'timeout')) return timedOut(ctx);
    if (!r.ok) {
      ctx.out(`Host ${name} not found: 3(NXDOMAIN)\n`);
      return 1;
    }
    const fq = r.name.replace(/\.$/, '');
    let out = '';
    if (r.cname) out += `${fq} is an alias for ${r.cname.replace(/\.$/, '')}.\n`;
    for (const ip of r.addresses) out += `${r.cname?.replace(/\.$/, '') ?? fq} has address ${ip}\n`;
    ctx.out(out);
    return 0;
  };
}

/** bind9's dig (9.9 as in jessie-dnsutils): one query for the name as given, no search list. */
export function makeDig(origin: (ctx: ProgramContext) => NetOrigin, version = '9.9.5-9+deb8u19-Debian'): Program {
  return async (ctx) => {
    let short = false;
    let reverse: string | undefined;
    let server: string | undefined;
    let qtype = 'A';
    const names: string[] = [];
    for (let i = 0; i < ctx.args.length; i++) {
      const a = ctx.args[i]!;
      if (a === '+short') short = true;
      else if (a.startsWith('+')) continue;
      else if (a.startsWith('@')) server = a.slice(1);
      else if (a === '-x') reverse = ctx.args[++i];
      else if (/^(a|aaaa|cname|ptr|any|ns|mx|txt|soa|srv)$/i.test(a)) qtype = a.toUpperCase();
      else if (a === '-t') qtype = (ctx.args[++i] ?? 'A').toUpperCase();
      else if (!a.startsWith('-')) names.push(a);
    }
    const conf = readResolvConf(ctx.fs);
    const ns = server ?? conf.nameserver;
    const net = netOf(ctx);
    const from = origin(ctx);
    await ctx.sleep(1);
    const qname = reverse ? ptrName(reverse) : (names[0] ?? '.').replace(/\.$/, '');
    if (reverse) qtype = 'PTR';
    const cmdline = ctx.args.join(' ');
    let answer: Answer;
    if (!net) answer = { kind: 'timeout' };
    else if (reverse) {
      const p = net.reverse(from, reverse);
      answer = p ? { kind: 'found', name: p.replace(/\.$/, ''), addresses: [] } : { kind: 'nxdomain' };
    } else if (qname === '') answer = { kind: 'nxdomain' };
    else answer = queryAbsolute(net, from, qname);
    if (answer.kind === 'timeout') {
      await ctx.sleep(3 * BUSYBOX_TIMEOUT_MS);
      ctx.out(short ? NO_SERVERS : `\n; <<>> DiG ${version} <<>> ${cmdline}\n;; global options: +cmd\n${NO_SERVERS}`);
      return 9;
    }
    const records: string[] = [];
    if (answer.kind === 'found') {
      if (qtype === 'PTR') records.push(`${qname}.\t30\tIN\tPTR\t${answer.name}.`);
      else {
        if (answer.cname) records.push(`${qname}.\t30\tIN\tCNAME\t${answer.cname.replace(/\.$/, '')}.`);
        if (qtype === 'A' || qtype === 'ANY') for (const ip of answer.addresses) records.push(`${(answer.cname ?? qname).replace(/\.$/, '')}.\t30\tIN\tA\t${ip}`);
      }
    }
    if (short) {
      ctx.out(records.map((r) => r.split('\t').at(-1) + '\n').join(''));
      return 0;
    }
    const aa = inClusterZone(qname);
    const status = answer.kind === 'nxdomain' ? 'NXDOMAIN' : 'NOERROR';
    const authority = answer.kind === 'nxdomain' || !records.length ? [`${aa ? 'cluster.local' : qname.split('.').slice(-1)[0]}.\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 30`] : [];
    const id = (ctx.cluster.clock.now() / 7) % 65536 | 0;
    const size = 12 + qname.length + 2 + 4 + 11 + records.length * 16 + authority.length * 60;
    const when = strftime('%a %b %e %H:%M:%S %Z %Y', ctx.cluster.clock.now());
    let out = `\n; <<>> DiG ${version} <<>> ${cmdline}\n;; global options: +cmd\n;; Got answer:\n`;
    out += `;; ->>HEADER<<- opcode: QUERY, status: ${status}, id: ${id}\n`;
    out += `;; flags: qr${aa ? ' aa' : ''} rd${aa ? '' : ' ra'}; QUERY: 1, ANSWER: ${records.length}, AUTHORITY: ${authority.length}, ADDITIONAL: 1\n`;
    if (aa) out += ';; WARNING: recursion requested but not available\n';
    out += `\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 4096\n;; QUESTION SECTION:\n;${qname}.\t\tIN\t${qtype}\n`;
    if (records.length) out += `\n;; ANSWER SECTION:\n${records.join('\n')}\n`;
    if (authority.length) out += `\n;; AUTHORITY SECTION:\n${authority.join('\n')}\n`;
    out += `\n;; Query time: 0 msec\n;; SERVER: ${ns}#53(${ns})\n;; WHEN: ${when}\n;; MSG SIZE  rcvd: ${size}\n\n`;
    ctx.out(out);
    return 0;
  };
}
