// yum 3.4.3 (CentOS 7) over the simulated repositories: install / remove / list / info / repolist /
// makecache / clean, with its dependency-resolution text, the transaction table, GPG key imports and
// the "One of the configured repositories failed" block. Time passes with the download size.
//   await runYum(machine, ['install', '-y', 'kubelet-1.21.1-0'], io) → exit code
import type { Machine } from '../index.ts';
import { catalogue, compareEvr, evr, nevra, repoPackageCount, satisfies, type PackageDef, type Requirement } from './catalogue.ts';
import { gpgKey, locateRepo, readRepos, type RepoConfig } from './repos.ts';
import { applyInstall, applyRemove } from './effects.ts';
import { fakeDigest } from '../../registry/images.ts';

export interface YumIO {
  out(text: string): void;
  err(text: string): void;
  /** let virtual time pass (downloads) */
  sleep(ms: number): Promise<void>;
  /** the answer typed at a `[y/N]` prompt (the prompt is already printed); null at end of input */
  answer(): Promise<string | null>;
  columns?: number;
}

interface Repo {
  cfg: RepoConfig;
  label: string;
  packages: readonly PackageDef[];
  count: number;
  excludes: string[];
}

interface Candidate {
  def: PackageDef;
  repo: Repo;
}

/** Per-machine yum state that lives outside files: keys imported into each repo's keyring. */
const repoKeyrings = new WeakMap<Machine, Set<string>>();
/** GPG keys imported into the rpm db (rpm -q gpg-pubkey) */
const rpmKeys = new WeakMap<Machine, Map<string, string>>();

const CACHE = '/var/cache/yum/x86_64/7';
const MIRROR = 'mirror.kakao.com';

const fmtSize = (bytes: number): string => {
  // yum's format_number: 1024 units, one decimal under 10
  const units = ['', ' k', ' M', ' G'];
  let v = bytes;
  let i = 0;
  while (v >= 999.5 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  if (i === 0) return String(Math.round(v));
  return `${v < 9.95 ? v.toFixed(1) : Math.round(v)}${units[i]}`;
};
const fmtBytes = (bytes: number): string => {
  const s = fmtSize(bytes);
  return /[kMG]$/.test(s) ? `${s}B` : `${s} B`;
};
const commas = (n: number) => n.toLocaleString('en-US');

export interface YumOptions {
  assumeyes: boolean;
  disableexcludes: string[];
  enablerepo: string[];
  disablerepo: string[];
  showduplicates: boolean;
  quiet: boolean;
}

export function parseYumArgs(argv: string[]): { opts: YumOptions; words: string[]; bad?: string } {
  const opts: YumOptions = { assumeyes: false, disableexcludes: [], enablerepo: [], disablerepo: [], showduplicates: false, quiet: false };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = (flag: string) => (a.startsWith(`${flag}=`) ? a.slice(flag.length + 1) : argv[++i] ?? '');
    if (a === '-y' || a === '--assumeyes') opts.assumeyes = true;
    else if (a === '-q' || a === '--quiet') opts.quiet = true;
    else if (a === '--showduplicates') opts.showduplicates = true;
    else if (a === '--disableexcludes' || a.startsWith('--disableexcludes=')) opts.disableexcludes.push(...val('--disableexcludes').split(','));
    else if (a === '--enablerepo' || a.startsWith('--enablerepo=')) opts.enablerepo.push(...val('--enablerepo').split(','));
    else if (a === '--disablerepo' || a.startsWith('--disablerepo=')) opts.disablerepo.push(...val('--disablerepo').split(','));
    else if (a === '-yq' || a === '-qy') {
      opts.assumeyes = true;
      opts.quiet = true;
    } else if (a.startsWith('-') && a !== '-') return { opts, words, bad: a };
    else words.push(a);
  }
  return { opts, words };
}

const glob = (pattern: string, s: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(s);

function repoEnabled(cfg: RepoConfig, o: YumOptions): boolean {
  if (o.disablerepo.some((p) => glob(p, cfg.id))) return o.enablerepo.some((p) => glob(p, cfg.id));
  return cfg.enabled || o.enablerepo.some((p) => glob(p, cfg.id));
}

/** The failure block yum 3.4.3 prints when a repository's metadata cannot be fetched. */
function repoFailure(cfg: RepoConfig, url: string, error: string): string {
  return `${url}: ${error}
Trying other mirror.


 One of the configured repositories failed (${cfg.name}),
 and yum doesn't have enough cached data to continue. At this point the only
 safe thing yum can do is fail. There are a few ways to work "fix" this:

     1. Contact the upstream for the repository and get them to fix the problem.

     2. Reconfigure the baseurl/etc. for the repository, to point to a working
        upstream. This is most often useful if you are using a newer
        distribution release than is supported by the repository (and the
        packages for the previous distribution release still work).

     3. Run the command with the repository temporarily disabled
            yum --disablerepo=${cfg.id} ...

     4. Disable the repository permanently, so yum won't use it by default. Yum
        will then just ignore the repository until you permanently enable it
        again or use --enablerepo for temporary usage:

            yum-config-manager --disable ${cfg.id}
        or
            subscription-manager repos --disable=${cfg.id}

     5. Configure the failing repository to be skipped, if it is unavailable.
        Note that yum will try to contact the repo. when it runs most commands,
        so will have to try and fail each time (and thus. yum will be be much
        slower). If it is a very temporary problem though, this is often a nice
        compromise:

            yum-config-manager --save --setopt=${cfg.id}.skip_if_unavailable=true

failure: repodata/repomd.xml from ${cfg.id}: [Errno 256] No more mirrors to try.
${url}: ${error}
`;
}

const progressLine = (label: string, bytes: number, secs = 0, width = 80) => {
  const right = `| ${fmtBytes(bytes).padStart(6)}  00:00:${String(secs).padStart(2, '0')}     `;
  const left = label.length > width - right.length - 1 ? label.slice(0, width - right.length - 1) : label;
  return `${left.padEnd(width - right.length)}${right}\n`;
};

async function importKeys(m: Machine, urls: string[], io: YumIO, o: YumOptions, where: 'rpm' | 'repo', repoId: string): Promise<boolean> {
  const ring = where === 'rpm' ? rpmKeys.get(m) ?? new Map<string, string>() : undefined;
  if (ring) rpmKeys.set(m, ring);
  const repoRing = repoKeyrings.get(m) ?? new Set<string>();
  repoKeyrings.set(m, repoRing);
  for (const url of urls) {
    const key = gpgKey(url);
    if (!key) continue;
    if (ring?.has(key.id) || (!ring && repoRing.has(`${repoId}:${key.id}`))) continue;
    const local = url.startsWith('file://');
    io.out(`Retrieving key from ${url}\n`);
    io.out(`Importing GPG key 0x${key.id}:\n Userid     : "${key.userid}"\n Fingerprint: ${key.fingerprint}\n${local ? ' Package    : centos-release-7-9.2009.0.el7.centos.x86_64 (@anaconda)\n' : ''} From       : ${local ? url.slice('file://'.length) : url}\n`);
    if (!o.assumeyes) {
      io.out('Is this ok [y/N]: ');
      const a = (await io.answer())?.trim().toLowerCase();
      if (a === null || a === undefined) io.out('\n');
      if (a !== 'y' && a !== 'yes') return false;
    }
    if (ring) ring.set(key.id, key.rpm);
    else repoRing.add(`${repoId}:${key.id}`);
  }
  return true;
}

/** Load the enabled repositories (fetching metadata not yet cached); undefined after a failure (already printed). */
async function loadRepos(m: Machine, io: YumIO, o: YumOptions, all = false): Promise<{ enabled: Repo[]; disabled: RepoConfig[] } | undefined> {
  const cfgs = readRepos(m.fs);
  const enabled = cfgs.filter((c) => repoEnabled(c, o));
  const disabled = cfgs.filter((c) => !repoEnabled(c, o));
  if (!o.quiet) io.out('Loaded plugins: fastestmirror\n');
  const mirrored = enabled.filter((c) => !c.baseurl && c.mirrorlist);
  if (mirrored.length) {
    const hostfile = `${CACHE}/timedhosts.txt`;
    if (!o.quiet) io.out(m.fs.exists(hostfile) ? 'Loading mirror speeds from cached hostfile\n' : 'Determining fastest mirrors\n');
    m.fs.mkdir(CACHE, { parents: true });
    m.fs.write(hostfile, `${MIRROR} 0.012\n`);
    if (!o.quiet) for (const c of mirrored) io.out(` * ${c.id}: ${MIRROR}\n`);
  }
  const repos: Repo[] = [];
  const fresh: { repo: Repo; files: [string, number][] }[] = [];
  for (const cfg of enabled) {
    const loc = locateRepo(cfg);
    const cached = `${CACHE}/${cfg.id}/repomd.xml`;
    if (!loc.ok) {
      io.err(repoFailure(cfg, loc.url, loc.error));
      return undefined;
    }
    const packages = catalogue(loc.source);
    const excludes = o.disableexcludes.includes('all') || o.disableexcludes.includes(cfg.id) ? [] : cfg.exclude;
    const repo: Repo = { cfg, label: loc.label, packages, count: repoPackageCount(loc.source), excludes };
    repos.push(repo);
    if (m.fs.exists(cached) && m.fs.read(cached).trim() === cfg.baseurl + cfg.mirrorlist) continue;
    const big = loc.source === 'centos-base' ? 6.1 * 1048576 : loc.source === 'centos-updates' ? 27 * 1048576 : loc.source === 'centos-extras' ? 251 * 1024 : loc.source === 'google-kubernetes' ? 1.8 * 1048576 : 120 * 1024;
    if (!o.quiet) {
      if (cfg.repoGpgcheck) {
        io.out(progressLine(`${cfg.id}/signature`, 844));
        if (!(await importKeys(m, cfg.gpgkeys, io, o, 'repo', cfg.id))) {
          io.err(`Didn't install any keys for repo ${cfg.id}\n`);
          return undefined;
        }
        io.out(`${progressLine(`${cfg.id}/signature`, 1434).trimEnd()} !!!\n`);
      } else io.out(progressLine(cfg.id, loc.source.startsWith('centos') ? (loc.source === 'centos-base' ? 3.6 * 1024 : 2.9 * 1024) : 1.5 * 1024));
    }
    fresh.push({ repo, files: loc.source === 'centos-base' ? [[`${repo.label}/group_gz`, 153 * 1024], [`${repo.label}/primary_db`, big]] : [[`${repo.label}/primary_db`, big]] });
    m.fs.mkdir(`${CACHE}/${cfg.id}`, { parents: true });
    m.fs.write(cached, `${cfg.baseurl}${cfg.mirrorlist}\n`);
  }
  const files = fresh.flatMap((f) => f.files);
  let total = 0;
  files.forEach(([name, size], i) => {
    total += size;
    if (!o.quiet) io.out(progressLine(`(${i + 1}/${files.length}): ${name}`, size, Math.floor(size / (10 * 1048576))));
  });
  if (total) await io.sleep(1500 + Math.round(total / (10 * 1048576)) * 1000);
  void all;
  return { enabled: repos, disabled };
}

/** rpm writes its database: the file's mtime is the install time (the machine's clock) */
function rpmDbTouch(m: Machine): number {
  m.fs.mkdir('/var/lib/rpm', { parents: true });
  m.fs.write('/var/lib/rpm/Packages', '');
  return m.fs.stat('/var/lib/rpm/Packages')?.mtime ?? 0;
}

const isExcluded = (repo: Repo, name: string) => repo.excludes.some((p) => glob(p, name));

function candidates(repos: Repo[], filter: (p: PackageDef) => boolean, withExcluded = false): Candidate[] {
  const out: Candidate[] = [];
  for (const repo of repos) for (const def of repo.packages) if (filter(def) && (withExcluded || !isExcluded(repo, def.name))) out.push({ def, repo });
  return out;
}

const best = (cs: Candidate[]): Candidate | undefined => cs.reduce<Candidate | undefined>((a, c) => (!a || compareEvr(c.def, a.def) > 0 ? c : a), undefined);

/** `kubelet`, `kubelet-1.21.1`, `kubelet-1.21.1-0`, `docker-ce-3:26.1.4-1.el7`, `kubelet.x86_64` */
function matchesSpec(p: PackageDef, spec: string): boolean {
  const s = spec.replace(/\.(x86_64|noarch)$/, '');
  if (glob(s, p.name)) return true;
  const v = `${p.name}-${p.version}`;
  const vr = `${v}-${p.release}`;
  const evrName = `${p.name}-${p.epoch}:${p.version}-${p.release}`;
  return s === v || s === vr || s === evrName || glob(s, vr);
}

const installedDef = (m: Machine, name: string): PackageDef | undefined => {
  const i = m.os.packages.installed(name);
  if (!i) return undefined;
  const known = (['centos-base', 'centos-extras', 'docker-ce-stable', 'google-kubernetes', 'pkgs-k8s-30', 'pkgs-k8s-31', 'pkgs-k8s-32'] as const).flatMap((s) => catalogue(s)).find((d) => d.name === name && d.version === i.version && d.release === i.release);
  return known ?? { name, epoch: 0, version: i.version, release: i.release, arch: i.arch === 'noarch' ? 'noarch' : 'x86_64', size: 0, installedSize: 1048576, summary: name, url: '', license: '', requires: [] };
};

const reqText = (r: Requirement) => r.shown ?? (r.op ? `${r.name} ${r.op} ${r.version}` : r.name);

function table(rows: { section: string; items: { name: string; arch: string; version: string; repo: string; size: string }[] }[], cols: number): string {
  const all = rows.flatMap((r) => r.items);
  const w = {
    name: Math.max(7, ...all.map((i) => i.name.length)),
    arch: Math.max(4, ...all.map((i) => i.arch.length)),
    version: Math.max(7, ...all.map((i) => i.version.length)),
    repo: Math.max(10, ...all.map((i) => i.repo.length)),
    size: Math.max(4, ...all.map((i) => i.size.length)),
  };
  const used = 1 + w.name + 1 + w.arch + 1 + w.version + 1 + w.repo + 1 + w.size;
  const extra = Math.max(0, cols - used);
  // yum spreads the spare width over the columns
  const add = [Math.floor(extra * 0.3), Math.floor(extra * 0.15), Math.floor(extra * 0.3), extra - Math.floor(extra * 0.3) * 2 - Math.floor(extra * 0.15)];
  const line = (n: string, a: string, v: string, r: string, s: string) => ` ${n.padEnd(w.name + add[0]!)} ${a.padEnd(w.arch + add[1]!)} ${v.padEnd(w.version + add[2]!)} ${r.padEnd(w.repo + add[3]!)} ${s.padStart(w.size)}`.trimEnd() + '\n';
  const bar = '='.repeat(Math.max(cols, used)) + '\n';
  let out = bar + line('Package', 'Arch', 'Version', 'Repository', 'Size') + bar;
  for (const r of rows) {
    if (!r.items.length) continue;
    out += `${r.section}:\n`;
    for (const i of r.items) out += line(i.name, i.arch, i.version, i.repo, i.size);
  }
  return out + '\n';
}

/** the width of the table's === bars */
function tableWidth(text: string): number {
  return text.indexOf('\n');
}

function columnsList(items: string[], cols: number): string {
  if (!items.length) return '';
  const w = Math.max(...items.map((i) => i.length)) + 2;
  const per = Math.max(1, Math.floor((cols - 2) / w));
  let out = '';
  for (let i = 0; i < items.length; i += per) out += '  ' + items.slice(i, i + per).map((x, j, a) => (j === a.length - 1 ? x : x.padEnd(w))).join('') + '\n';
  return out;
}

const stepLine = (action: string, what: string, i: number, n: number, cols: number) => {
  const right = `${i}/${n}`;
  const left = `  ${action} : ${what}`;
  return `${left}${' '.repeat(Math.max(1, cols - left.length - right.length - 1))}${right} \n`;
};

const downloadName = (c: Candidate) => (c.repo.cfg.baseurl.includes('packages.cloud.google.com') ? `${fakeDigest(nevra(c.def)).slice(0, 64)}-${nevra(c.def)}.rpm` : `${nevra(c.def)}.rpm`);

async function install(m: Machine, specs: string[], o: YumOptions, io: YumIO): Promise<number> {
  const cols = io.columns ?? 80;
  if (!specs.length) {
    io.err('Error: Need to pass a list of pkgs to install\n Mini usage:\n\ninstall PACKAGE...\n\nInstall a package or packages on your system\n\naliases: install-n, install-na, install-nevra\n');
    return 1;
  }
  const loaded = await loadRepos(m, io, o);
  if (!loaded) return 1;
  const repos = loaded.enabled;
  const chosen: Candidate[] = [];
  for (const spec of specs) {
    const hits = candidates(repos, (p) => matchesSpec(p, spec));
    const pick = best(hits);
    if (!pick) {
      const inst = m.os.packages.list().find((p) => p.name === spec || `${p.name}-${p.version}-${p.release}` === spec || `${p.name}-${p.version}` === spec);
      if (inst) io.out(`Package ${inst.name}-${inst.version}-${inst.release}.${inst.arch} already installed and latest version\n`);
      else io.out(`No package ${spec} available.\n`);
      continue;
    }
    const inst = installedDef(m, pick.def.name);
    if (inst && compareEvr(inst, pick.def) >= 0) {
      if (compareEvr(inst, pick.def) > 0) io.out(`Package matching ${nevra(pick.def)} already installed. Checking for update.\n`);
      else io.out(`Package ${inst.epoch ? `${inst.epoch}:` : ''}${nevra(inst)} already installed and latest version\n`);
      continue;
    }
    if (!chosen.some((c) => c.def.name === pick.def.name)) chosen.push(pick);
  }
  if (!chosen.length) {
    if (specs.every((s) => !candidates(repos, (p) => matchesSpec(p, s)).length && !m.os.packages.list().some((p) => p.name === s))) {
      io.err('Error: Nothing to do\n');
      return 1;
    }
    io.out('Nothing to do\n');
    return 0;
  }
  // dependency resolution, in rounds as yum prints them
  io.out('Resolving Dependencies\n');
  const inTx: Candidate[] = [...chosen];
  const deps: Candidate[] = [];
  let round = [...chosen];
  const rounds: Candidate[][] = [];
  while (round.length) {
    rounds.push(round);
    io.out('--> Running transaction check\n');
    const next: Candidate[] = [];
    for (const c of [...round].sort((a, b) => (a.def.name < b.def.name ? -1 : 1))) {
      io.out(`---> Package ${c.def.name}.${c.def.arch} ${c.def.epoch}:${c.def.version}-${c.def.release} will be installed\n`);
      for (const r of c.def.requires) {
        const have = installedDef(m, r.name);
        if (have && satisfies(have, r)) continue;
        const pending = [...inTx, ...next].find((x) => x.def.name === r.name);
        if (pending && satisfies(pending.def, r)) continue;
        io.out(`--> Processing Dependency: ${reqText(r)} for package: ${c.def.epoch ? `${c.def.epoch}:` : ''}${nevra(c.def)}\n`);
        if (pending) continue;
        const dep = best(candidates(repos, (p) => p.name === r.name && satisfies(p, r)));
        if (!dep) {
          io.out('--> Finished Dependency Resolution\n');
          io.err(`Error: Package: ${c.def.epoch ? `${c.def.epoch}:` : ''}${nevra(c.def)} (${c.repo.cfg.id})\n           Requires: ${reqText(r)}\n`);
          io.out(' You could try using --skip-broken to work around the problem\n You could try running: rpm -Va --nofiles --nodigest\n');
          return 1;
        }
        next.push(dep);
        deps.push(dep);
      }
    }
    inTx.push(...next);
    round = next;
  }
  io.out('--> Finished Dependency Resolution\n\nDependencies Resolved\n\n');
  const byName = (a: Candidate, b: Candidate) => (a.def.name.toLowerCase() < b.def.name.toLowerCase() ? -1 : 1);
  const row = (c: Candidate) => ({ name: c.def.name, arch: c.def.arch, version: evr(c.def), repo: c.repo.cfg.id, size: fmtSize(c.def.size) });
  const tx = table([{ section: 'Installing', items: [...chosen].sort(byName).map(row) }, { section: 'Installing for dependencies', items: [...deps].sort(byName).map(row) }], cols);
  io.out(tx);
  const n = inTx.length;
  io.out(`Transaction Summary\n${'='.repeat(tableWidth(tx))}\n`);
  io.out(`Install  ${chosen.length} Package${chosen.length === 1 ? '' : 's'}${deps.length ? ` (+${deps.length} Dependent package${deps.length === 1 ? '' : 's'})` : ''}\n\n`);
  const dl = inTx.reduce((s, c) => s + c.def.size, 0);
  const isz = inTx.reduce((s, c) => s + c.def.installedSize, 0);
  io.out(`Total download size: ${fmtSize(dl)}\nInstalled size: ${fmtSize(isz)}\n`);
  if (!o.assumeyes) {
    io.out('Is this ok [y/d/N]: ');
    const a = await io.answer();
    if (a === null) io.out('\n');
    if (!/^\s*(y|yes)\s*$/i.test(a ?? '')) {
      io.out('Exiting on user command\n');
      const d = new Date(0);
      void d;
      io.out(`Your transaction was saved, rerun it with:\n yum load-transaction /tmp/yum_save_tx.${fakeDigest(specs.join(' ')).slice(0, 4)}.yumtx\n`);
      return 1;
    }
  }
  io.out('Downloading packages:\n');
  const order = [...inTx].sort((a, b) => (downloadName(a) < downloadName(b) ? -1 : 1));
  const warned = new Set<string>();
  const keysFor = (c: Candidate) => (c.repo.cfg.gpgcheck ? c.repo.cfg.gpgkeys.filter((u) => gpgKey(u) && !rpmKeys.get(m)?.has(gpgKey(u)!.id)) : []);
  for (let i = 0; i < order.length; i++) {
    const c = order[i]!;
    const missing = keysFor(c);
    if (missing.length && !warned.has(c.repo.cfg.id)) {
      warned.add(c.repo.cfg.id);
      const k = gpgKey(missing[0]!)!;
      io.out(`warning: ${CACHE}/${c.repo.cfg.id}/packages/${downloadName(c)}: Header V4 RSA/SHA1 Signature, key ID ${k.id.toLowerCase()}: NOKEY\n`);
      io.out(`Public key for ${downloadName(c)} is not installed\n`);
    }
    const secs = Math.max(0, Math.round(c.def.size / (12 * 1048576)));
    io.out(progressLine(order.length > 1 ? `(${i + 1}/${order.length}): ${downloadName(c)}` : downloadName(c), c.def.size, secs, cols));
  }
  const secs = Math.max(1, Math.round(dl / (12 * 1048576)));
  await io.sleep(secs * 1000);
  if (order.length > 1) {
    io.out('-'.repeat(cols) + '\n');
    const rate = `${fmtBytes(dl / secs).replace(/B$/, '')}B/s`;
    const right = `${rate.padStart(9)} | ${fmtBytes(dl).padStart(6)}  00:00:${String(secs).padStart(2, '0')}     `;
    io.out(`Total${' '.repeat(Math.max(1, cols - 5 - right.length))}${right}\n`);
  }
  for (const repoId of [...new Set(order.filter((c) => keysFor(c).length).map((c) => c.repo.cfg.id))]) {
    const repo = repos.find((r) => r.cfg.id === repoId)!;
    if (!(await importKeys(m, repo.cfg.gpgkeys, io, o, 'rpm', repoId))) {
      io.err(`\n\nThe GPG keys listed for the "${repo.cfg.name}" repository are already installed but they are not correct for this package.\nCheck that the correct key URLs are configured for this repository.\n\n\n Failing package is: ${nevra(order.find((c) => c.repo.cfg.id === repoId)!.def)}\n GPG Keys are configured as: ${repo.cfg.gpgkeys.join(', ')}\n\n`);
      return 1;
    }
  }
  io.out('Running transaction check\nRunning transaction test\nTransaction test succeeded\nRunning transaction\n');
  // rpm installs dependencies first
  const installOrder = rounds.slice().reverse().flatMap((r) => [...r].sort(byName));
  installOrder.forEach((c, i) => {
    io.out(stepLine('Installing', `${c.def.epoch ? `${c.def.epoch}:` : ''}${nevra(c.def)}`, i + 1, n, cols));
    m.os.packages.add({ name: c.def.name, version: c.def.version, release: c.def.release, arch: c.def.arch, repo: `@${c.repo.cfg.id}`, installedAt: rpmDbTouch(m) });
    applyInstall(m, c.def);
  });
  await io.sleep(400 * n);
  installOrder.forEach((c, i) => io.out(stepLine('Verifying ', `${c.def.epoch ? `${c.def.epoch}:` : ''}${nevra(c.def)}`, i + 1, n, cols)));
  const item = (c: Candidate) => `${c.def.name}.${c.def.arch} ${c.def.epoch}:${c.def.version}-${c.def.release}`;
  io.out(`\nInstalled:\n${columnsList([...chosen].sort(byName).map(item), cols)}`);
  if (deps.length) io.out(`\nDependency Installed:\n${columnsList([...deps].sort(byName).map(item), cols)}`);
  io.out('\nComplete!\n');
  return 0;
}

async function remove(m: Machine, specs: string[], o: YumOptions, io: YumIO): Promise<number> {
  const cols = io.columns ?? 80;
  if (!o.quiet) io.out('Loaded plugins: fastestmirror\n');
  const targets: PackageDef[] = [];
  for (const s of specs) {
    const hits = m.os.packages.list().filter((p) => glob(s, p.name) || `${p.name}-${p.version}-${p.release}` === s || `${p.name}-${p.version}` === s);
    if (!hits.length) io.out(`No Match for argument: ${s}\n`);
    for (const h of hits) if (!targets.some((t) => t.name === h.name)) targets.push(installedDef(m, h.name)!);
  }
  if (!targets.length) {
    io.out('No Packages marked for removal\n');
    return 0;
  }
  io.out('Resolving Dependencies\n--> Running transaction check\n');
  const dependents: PackageDef[] = [];
  let round = [...targets];
  while (round.length) {
    const next: PackageDef[] = [];
    for (const t of round) {
      io.out(`---> Package ${t.name}.${t.arch} ${t.epoch}:${t.version}-${t.release} will be erased\n`);
      for (const i of m.os.packages.list()) {
        const d = installedDef(m, i.name)!;
        if ([...targets, ...dependents, ...next].some((x) => x.name === d.name)) continue;
        const r = d.requires.find((q) => q.name === t.name);
        if (!r) continue;
        io.out(`--> Processing Dependency: ${reqText(r)} for package: ${nevra(d)}\n`);
        next.push(d);
      }
    }
    if (next.length) io.out('--> Running transaction check\n');
    dependents.push(...next);
    round = next;
  }
  io.out('--> Finished Dependency Resolution\n\nDependencies Resolved\n\n');
  const row = (d: PackageDef) => ({ name: d.name, arch: d.arch, version: evr(d), repo: m.os.packages.installed(d.name)?.repo ?? '@anaconda', size: fmtSize(d.installedSize) });
  const tx = table([{ section: 'Removing', items: targets.map(row) }, { section: 'Removing for dependencies', items: dependents.map(row) }], cols);
  io.out(tx);
  io.out(`Transaction Summary\n${'='.repeat(tableWidth(tx))}\n`);
  const all = [...targets, ...dependents];
  io.out(`Remove  ${targets.length} Package${targets.length === 1 ? '' : 's'}${dependents.length ? ` (+${dependents.length} Dependent package${dependents.length === 1 ? '' : 's'})` : ''}\n\n`);
  io.out(`Installed size: ${fmtSize(all.reduce((s, d) => s + d.installedSize, 0))}\n`);
  if (!o.assumeyes) {
    io.out('Is this ok [y/N]: ');
    const a = await io.answer();
    if (a === null) io.out('\n');
    if (!/^\s*(y|yes)\s*$/i.test(a ?? '')) {
      io.out('Exiting on user command\n');
      return 1;
    }
  }
  io.out('Downloading packages:\nRunning transaction check\nRunning transaction test\nTransaction test succeeded\nRunning transaction\n');
  all.forEach((d, i) => {
    io.out(stepLine('Erasing   ', nevra(d), i + 1, all.length, cols));
    m.os.packages.remove(d.name);
    applyRemove(m, d.name);
  });
  await io.sleep(300 * all.length);
  all.forEach((d, i) => io.out(stepLine('Verifying ', nevra(d), i + 1, all.length, cols)));
  const item = (d: PackageDef) => `${d.name}.${d.arch} ${d.epoch}:${d.version}-${d.release}`;
  io.out(`\nRemoved:\n${columnsList(targets.map(item), cols)}`);
  if (dependents.length) io.out(`\nDependency Removed:\n${columnsList(dependents.map(item), cols)}`);
  io.out('\nComplete!\n');
  return 0;
}

function listLine(name: string, ver: string, repo: string): string {
  const a = name.length >= 39 ? `${name}\n${' '.repeat(39)}` : name.padEnd(39);
  return `${a} ${ver.padEnd(25)} ${repo}\n`;
}

async function list(m: Machine, words: string[], o: YumOptions, io: YumIO): Promise<number> {
  const which = words[0] === 'installed' || words[0] === 'available' || words[0] === 'all' ? words.shift()! : 'all';
  const loaded = which === 'installed' ? { enabled: [] as Repo[], disabled: [] } : await loadRepos(m, io, o);
  if (!loaded) return 1;
  if (which === 'installed' && !o.quiet) io.out('Loaded plugins: fastestmirror\n');
  const want = (n: string) => !words.length || words.some((w) => glob(w, n));
  const inst = m.os.packages.list().filter((p) => want(p.name));
  let out = '';
  if (which !== 'available' && inst.length) {
    out += 'Installed Packages\n';
    for (const p of inst) {
      const d = installedDef(m, p.name)!;
      out += listLine(`${p.name}.${p.arch}`, evr(d), p.repo);
    }
  }
  if (which !== 'installed') {
    let avail = candidates(loaded.enabled, (p) => want(p.name));
    if (!o.showduplicates) {
      const top = new Map<string, Candidate>();
      for (const c of avail) {
        const k = c.def.name;
        if (!top.has(k) || compareEvr(c.def, top.get(k)!.def) > 0) top.set(k, c);
      }
      avail = [...top.values()];
    }
    avail = avail.filter((c) => {
      const i = installedDef(m, c.def.name);
      return !i || (o.showduplicates ? compareEvr(c.def, i) !== 0 : compareEvr(c.def, i) > 0);
    });
    avail.sort((a, b) => (a.def.name < b.def.name ? -1 : a.def.name > b.def.name ? 1 : compareEvr(a.def, b.def)));
    if (avail.length) {
      out += 'Available Packages\n';
      for (const c of avail) out += listLine(`${c.def.name}.${c.def.arch}`, evr(c.def), c.repo.cfg.id);
    }
  }
  if (!out) {
    io.err('Error: No matching Packages to list\n');
    return 1;
  }
  io.out(out);
  return 0;
}

async function info(m: Machine, words: string[], o: YumOptions, io: YumIO): Promise<number> {
  const loaded = await loadRepos(m, io, o);
  if (!loaded) return 1;
  const want = (n: string) => !words.length || words.some((w) => glob(w, n));
  const block = (d: PackageDef, repo: string, from?: string) =>
    `Name        : ${d.name}\nArch        : ${d.arch}\n${d.epoch ? `Epoch       : ${d.epoch}\n` : ''}Version     : ${d.version}\nRelease     : ${d.release}\nSize        : ${fmtSize(from ? d.installedSize : d.size)}\nRepo        : ${repo}\n${from ? `From repo   : ${from}\n` : ''}Summary     : ${d.summary}\nURL         : ${d.url}\nLicense     : ${d.license}\nDescription : ${d.summary}.\n\n`;
  let out = '';
  const inst = m.os.packages.list().filter((p) => want(p.name));
  if (inst.length) out += 'Installed Packages\n' + inst.map((p) => block(installedDef(m, p.name)!, 'installed', p.repo.replace(/^@/, ''))).join('');
  const top = new Map<string, Candidate>();
  for (const c of candidates(loaded.enabled, (p) => want(p.name))) if (!top.has(c.def.name) || compareEvr(c.def, top.get(c.def.name)!.def) > 0) top.set(c.def.name, c);
  const avail = [...top.values()].filter((c) => {
    const i = installedDef(m, c.def.name);
    return !i || compareEvr(c.def, i) > 0;
  });
  if (avail.length) out += 'Available Packages\n' + avail.map((c) => block(c.def, c.repo.cfg.id)).join('');
  if (!out) {
    io.err('Error: No matching Packages to list\n');
    return 1;
  }
  io.out(out);
  return 0;
}

async function repolist(m: Machine, words: string[], o: YumOptions, io: YumIO): Promise<number> {
  const all = words[0] === 'all';
  const loaded = await loadRepos(m, io, o);
  if (!loaded) return 1;
  const cols = io.columns ?? 80;
  const rows: [string, string, string][] = [];
  let total = 0;
  for (const r of loaded.enabled) {
    const excluded = r.packages.filter((p) => isExcluded(r, p.name)).length;
    const n = r.count - excluded;
    total += n;
    const status = excluded ? `${commas(n)}+${excluded}` : commas(n);
    rows.push([`${all ? '' : ''}${r.label}`, r.cfg.name, all ? `enabled: ${status}` : status]);
  }
  if (all) for (const c of loaded.disabled) rows.push([c.id, c.name, 'disabled']);
  rows.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const idw = Math.max(7, ...rows.map((r) => r[0].length)) + 1;
  const stw = Math.max(6, ...rows.map((r) => r[2].length));
  const namew = Math.max(9, cols - idw - stw - 2);
  let out = `${'repo id'.padEnd(idw)} ${'repo name'.padEnd(namew)} status\n`;
  for (const [id, name, st] of rows) out += `${id.padEnd(idw)} ${name.padEnd(namew)} ${all ? st : st.padStart(stw)}\n`.replace(/ +\n$/, '\n');
  out += `repolist: ${commas(total)}\n`;
  io.out(out);
  return 0;
}

const YUM_USAGE = `Loaded plugins: fastestmirror
You need to give some command
Usage: yum [options] COMMAND

List of Commands:

check          Check for problems in the rpmdb
check-update   Check for available package updates
clean          Remove cached data
deplist        List a package's dependencies
distribution-synchronization Synchronize installed packages to the latest available versions
downgrade      downgrade a package
erase          Remove a package or packages from your system
fs             Acts on the filesystem data of the host, mainly for removing docs/lanuages for minimal hosts.
fssnapshot     Creates filesystem snapshots, or lists/deletes current snapshots.
groups         Display, or use, the groups information
help           Display a helpful usage message
history        Display, or use, the transaction history
info           Display details about a package or group of packages
install        Install a package or packages on your system
langavailable  Check available languages
langinfo       List languages information
langinstall    Install appropriate language packs for a language
langlist       List installed languages
langremove     Remove installed language packs for a language
list           List a package or groups of packages
load-transaction load a saved transaction from filename
makecache      Generate the metadata cache
provides       Find what package provides the given value
reinstall      reinstall a package
repo-pkgs      Treat a repo. as a group of packages, so we can install/remove all of them
repolist       Display the configured software repositories
search         Search package details for the given string
shell          Run an interactive yum shell
swap           Simple way to swap packages, instead of using shell
update         Update a package or packages on your system
update-minimal Works like upgrade, but goes to the 'newest' package match which fixes a problem that affects your system
updateinfo     Acts on repository update information
upgrade        Update packages taking obsoletes into account
version        Display a version for the machine and/or available repos.


Options:
  -h, --help            show this help message and exit
  -y, --assumeyes       answer yes for all questions
  -q, --quiet           quiet operation
  --disablerepo=[repo]  disable one or more repositories (wildcards allowed)
  --enablerepo=[repo]   enable one or more repositories (wildcards allowed)
  --disableexcludes=[repo]
                        disable exclude from main, for a repo or for
                        everything
  --showduplicates      show duplicates, in repos, in list/search commands
`;

/** `yum ARGS` on machine `m`. */
export async function runYum(m: Machine, argv: string[], io: YumIO): Promise<number> {
  const { opts, words, bad } = parseYumArgs(argv);
  if (bad) {
    io.err(`Usage: yum [options] COMMAND\n\nyum: error: no such option: ${bad}\n`);
    return 1;
  }
  const [cmd, ...rest] = words;
  if (opts.quiet) {
    // -q: only warnings, key imports and prompts get through
    const out = io.out;
    io = { ...io, out: (t) => (/^(warning:|Public key|Importing GPG key|Package .* already installed|No package|Is this ok|Exiting on user command)/.test(t) ? out(t) : undefined) };
  }
  switch (cmd) {
    case undefined:
      io.err(YUM_USAGE);
      return 1;
    case 'install':
      return install(m, rest, opts, io);
    case 'remove':
    case 'erase':
      return remove(m, rest, opts, io);
    case 'list':
      return list(m, rest, opts, io);
    case 'info':
      return info(m, rest, opts, io);
    case 'repolist':
      return repolist(m, rest, opts, io);
    case 'makecache': {
      const r = await loadRepos(m, io, opts);
      if (!r) return 1;
      io.out('Metadata Cache Created\n');
      return 0;
    }
    case 'clean': {
      const ids = readRepos(m.fs).filter((c) => repoEnabled(c, opts)).map((c) => c.id);
      io.out('Loaded plugins: fastestmirror\n');
      if (rest[0] !== 'all' && rest[0] !== 'metadata' && rest[0] !== 'packages' && rest[0] !== 'expire-cache') {
        io.err('Error: clean requires an option: headers, packages, metadata, dbcache, plugins, expire-cache, rpmdb, all\n');
        return 1;
      }
      io.out(`Cleaning repos: ${ids.join(' ')}\n`);
      if (rest[0] === 'all') io.out('Cleaning up list of fastest mirrors\n');
      if (m.fs.exists(CACHE)) m.fs.remove(CACHE, { recursive: true });
      return 0;
    }
    default:
      io.err(`Loaded plugins: fastestmirror\nNo such command: ${cmd}. Please use /usr/bin/yum --help\n`);
      return 1;
  }
}

/** The rpm db's imported GPG keys (`gpg-pubkey-f4a80eb5-53a7ff4b`). */
export function importedGpgKeys(m: Machine): string[] {
  return [...(rpmKeys.get(m)?.values() ?? [])].map((v) => `gpg-pubkey-${v}`);
}

export { installedDef };
