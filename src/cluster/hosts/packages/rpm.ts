// rpm -q / -qa / -qi / -e over the machine's rpm db, and yum-config-manager --add-repo / --enable / --disable.
//   runRpm(machine, argv) → { code, out, err } ; runConfigManager(machine, argv, fetch) → { code, out, err }
import type { Machine } from '../index.ts';
import { installedDef, importedGpgKeys } from './yum.ts';
import { applyRemove } from './effects.ts';
import { REPOS_DIR, REPO_FILES, readRepos } from './repos.ts';
import { nevra } from './catalogue.ts';
import { systemdTime } from '../services.ts';

export interface CmdResult {
  code: number;
  out: string;
  err: string;
}

const RPM_USAGE = 'rpm: no arguments given for query\n';

export function runRpm(m: Machine, argv: string[]): CmdResult {
  const flags = argv.filter((a) => a.startsWith('-'));
  const names = argv.filter((a) => !a.startsWith('-'));
  const letters = flags.filter((f) => !f.startsWith('--')).map((f) => f.slice(1)).join('');
  const query = letters.includes('q') || flags.includes('--query');
  const erase = letters.includes('e') || flags.includes('--erase');
  const all = letters.includes('a') || flags.includes('--all');
  const infoFlag = letters.includes('i') && query;
  const nodeps = flags.includes('--nodeps');
  if (query) {
    const pkgs = m.os.packages.list();
    if (all) {
      const pat = names[0];
      const re = pat ? new RegExp(`^${pat.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}`) : undefined;
      const lines = [...pkgs.map((p) => `${p.name}-${p.version}-${p.release}.${p.arch}`), ...importedGpgKeys(m)].filter((l) => !re || re.test(l));
      return { code: 0, out: lines.map((l) => `${l}\n`).join(''), err: '' };
    }
    if (!names.length) return { code: 1, out: '', err: RPM_USAGE };
    let out = '';
    let code = 0;
    for (const n of names) {
      const p = pkgs.find((x) => x.name === n || `${x.name}-${x.version}` === n || `${x.name}-${x.version}-${x.release}` === n || `${x.name}-${x.version}-${x.release}.${x.arch}` === n);
      if (!p) {
        out += `package ${n} is not installed\n`;
        code = 1;
        continue;
      }
      if (!infoFlag) {
        out += `${p.name}-${p.version}-${p.release}.${p.arch}\n`;
        continue;
      }
      const d = installedDef(m, p.name)!;
      out += `Name        : ${p.name}\n${d.epoch ? `Epoch       : ${d.epoch}\n` : ''}Version     : ${p.version}\nRelease     : ${p.release}\nArchitecture: ${p.arch}\nInstall Date: ${systemdTime(p.installedAt || 0).replace(/^(\w+) (\S+) (\S+) UTC$/, '$1 $2 $3 UTC')}\nGroup       : Unspecified\nSize        : ${d.installedSize}\nLicense     : ${d.license}\nSignature   : RSA/SHA256, (none)\nSource RPM  : ${p.name}-${p.version}-${p.release}.src.rpm\nBuild Date  : (none)\nBuild Host  : (none)\nRelocations : (not relocatable)\nURL         : ${d.url}\nSummary     : ${d.summary}\nDescription :\n${d.summary}.\n`;
    }
    return { code, out, err: '' };
  }
  if (erase) {
    if (!names.length) return { code: 1, out: '', err: 'rpm: no packages given for erase\n' };
    let err = '';
    const targets = [];
    for (const n of names) {
      const p = m.os.packages.list().find((x) => x.name === n || `${x.name}-${x.version}-${x.release}` === n || `${x.name}-${x.version}-${x.release}.${x.arch}` === n);
      if (!p) err += `error: package ${n} is not installed\n`;
      else targets.push(p);
    }
    if (err) return { code: 1, out: '', err };
    if (!nodeps) {
      const broken: string[] = [];
      for (const t of targets) {
        for (const i of m.os.packages.list()) {
          if (targets.some((x) => x.name === i.name)) continue;
          const r = installedDef(m, i.name)!.requires.find((q) => q.name === t.name);
          if (r) broken.push(`\t${r.shown ?? (r.op ? `${r.name} ${r.op} ${r.version}` : r.name)} is needed by (installed) ${nevra(installedDef(m, i.name)!)}\n`);
        }
      }
      if (broken.length) return { code: 1, out: '', err: `error: Failed dependencies:\n${broken.join('')}` };
    }
    for (const t of targets) {
      m.os.packages.remove(t.name);
      applyRemove(m, t.name);
    }
    return { code: 0, out: '', err: '' };
  }
  if (letters.includes('i') || letters.includes('U')) return { code: 1, out: '', err: names.length ? `error: open of ${names[0]} failed: No such file or directory\n` : 'rpm: no packages given for install\n' };
  return { code: 1, out: '', err: 'RPM version 4.11.3\nCopyright (C) 1998-2002 - Red Hat, Inc.\nThis program may be freely redistributed under the terms of the GNU GPL\n\nUsage: rpm [-afgpcdLAlsiv?] [-a|--all] [-f|--file] [-g|--group] [-p|--package] [-i|--info] [-q|--query] [-e|--erase] [-U|--upgrade]\n' };
}

/** yum-config-manager (yum-utils 1.1.31): --add-repo URL, --enable / --disable REPO. */
export function runConfigManager(m: Machine, argv: string[], fetch: (url: string) => { ok: true; body: string } | { ok: false; error: string }): CmdResult {
  let out = 'Loaded plugins: fastestmirror\n';
  const i = argv.findIndex((a) => a === '--add-repo' || a.startsWith('--add-repo='));
  if (i >= 0) {
    const url = argv[i]!.includes('=') ? argv[i]!.slice('--add-repo='.length) : argv[i + 1];
    if (!url) return { code: 1, out: '', err: 'Usage: yum-config-manager [options] [section ...]\n\nyum-config-manager: error: --add-repo option requires an argument\n' };
    out += `adding repo from: ${url}\n`;
    if (!/^(https?|ftp|file):\/\//.test(url)) {
      // a bare baseurl: yum-config-manager writes a repo section for it
      const id = url.replace(/^[a-z]+:\/\//, '').replace(/[^A-Za-z0-9]+/g, '_').replace(/_$/, '');
      m.fs.mkdir(REPOS_DIR, { parents: true });
      m.fs.write(`${REPOS_DIR}/${id}.repo`, `\n[${id}]\nname=added from: ${url}\nbaseurl=${url}\nenabled=1\n\n\n`);
      return { code: 0, out, err: '' };
    }
    const file = url.slice(url.lastIndexOf('/') + 1);
    if (file.endsWith('.repo')) {
      const dest = `${REPOS_DIR}/${file}`;
      out += `grabbing file ${url} to ${dest}\n`;
      const r = REPO_FILES[url] !== undefined ? { ok: true as const, body: REPO_FILES[url]! } : fetch(url);
      if (!r.ok) return { code: 1, out, err: `Could not fetch/save url ${url} to file ${dest}: ${r.error}\n` };
      m.fs.mkdir(REPOS_DIR, { parents: true });
      m.fs.write(dest, r.body);
      out += `repo saved to ${dest}\n`;
      return { code: 0, out, err: '' };
    }
    const id = url.replace(/^[a-z]+:\/\//, '').replace(/[^A-Za-z0-9]+/g, '_').replace(/_$/, '');
    m.fs.mkdir(REPOS_DIR, { parents: true });
    m.fs.write(`${REPOS_DIR}/${id}.repo`, `\n[${id}]\nname=added from: ${url}\nbaseurl=${url}\nenabled=1\n\n\n`);
    return { code: 0, out, err: '' };
  }
  const en = argv.includes('--enable');
  const dis = argv.includes('--disable');
  const ids = argv.filter((a) => !a.startsWith('-'));
  if ((en || dis) && ids.length) {
    for (const id of ids) {
      const cfg = readRepos(m.fs).find((c) => c.id === id);
      if (!cfg) continue;
      const text = m.fs.read(cfg.file);
      const lines = text.split('\n');
      let inSec = false;
      let done = false;
      const outLines: string[] = [];
      for (const l of lines) {
        const sec = /^\s*\[([^\]]+)\]/.exec(l);
        if (sec) {
          if (inSec && !done) {
            outLines.splice(outLines.length - (outLines.at(-1) === '' ? 1 : 0), 0, `enabled = ${en ? 1 : 0}`);
            done = true;
          }
          inSec = sec[1] === id;
        }
        if (inSec && /^\s*enabled\s*=/.test(l)) {
          outLines.push(`enabled = ${en ? 1 : 0}`);
          done = true;
          continue;
        }
        outLines.push(l);
      }
      if (inSec && !done) outLines.push(`enabled = ${en ? 1 : 0}`);
      m.fs.write(cfg.file, outLines.join('\n'));
      out += `${'='.repeat(30)} repo: ${id} ${'='.repeat(Math.max(0, 49 - id.length - 8))}\n[${id}]\nenabled = ${en ? 'True' : 'False'}\nname = ${cfg.name}\n\n`;
    }
    return { code: 0, out, err: '' };
  }
  return { code: 0, out, err: '' };
}
