// The cluster map as an SVG string: the same function draws the build-time picture and the live one.
import type { ClusterModel, MapMachine, MapPod, PodTone } from './cluster-model.ts';

const W = 960;
const GAP = 16;
const CHIP_H = 26;
const ROW = 32;
const MAX_PODS = 8;

export interface MapRenderOptions {
  /** components acting right now, as `actor@host` (`kube-scheduler@master`, `kubelet@node2`) */
  active?: ReadonlySet<string>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fit = (s: string, chars: number) => (s.length <= chars ? s : `${s.slice(0, Math.max(1, chars - 1))}…`);

function text(x: number, y: number, s: string, cls: string, anchor: 'start' | 'middle' | 'end' = 'start'): string {
  return `<text x="${x}" y="${y}" class="${cls}" text-anchor="${anchor}">${esc(s)}</text>`;
}

function box(x: number, y: number, w: number, h: number, label: string, cls: string, attrs = ''): string {
  return (
    `<g class="${cls}"${attrs}><rect x="${x}" y="${y}" width="${w}" height="${h}" rx="6"/>` +
    text(x + w / 2, y + h / 2 + 4.5, label, 'kc-map-label', 'middle') +
    '</g>'
  );
}

function podChip(p: MapPod, x: number, y: number, w: number, endpoint: boolean): string {
  const statusChars = Math.max(7, p.status.length);
  const nameChars = Math.floor((w - 28 - statusChars * 6.6) / 6.9);
  return (
    `<g class="kc-map-pod tone-${p.tone}${endpoint ? ' is-endpoint' : ''}" data-pod="${esc(p.key)}" data-tone="${p.tone}">` +
    `<title>${esc(`${p.namespace}/${p.name}: ${p.status} (${p.ready} ready)`)}</title>` +
    `<rect x="${x}" y="${y}" width="${w}" height="${CHIP_H}" rx="${CHIP_H / 2}"/>` +
    `<circle cx="${x + 13}" cy="${y + CHIP_H / 2}" r="4.5"/>` +
    text(x + 24, y + 17.5, fit(p.name, nameChars), 'kc-map-pod-name') +
    text(x + w - 11, y + 17.5, p.status, 'kc-map-pod-status', 'end') +
    '</g>'
  );
}

function statusBadge(m: MapMachine, right: number, y: number): string {
  const label = !m.ready ? 'NotReady' : m.cordoned ? 'Ready, SchedulingDisabled' : 'Ready';
  const tone: PodTone = !m.ready ? 'bad' : m.cordoned ? 'wait' : 'ok';
  const w = label.length * 6.6 + 18;
  return (
    `<g class="kc-map-badge tone-${tone}"><rect x="${right - w}" y="${y - 13}" width="${w}" height="19" rx="9.5"/>` +
    text(right - w / 2, y + 0.5, label, 'kc-map-badge-text', 'middle') +
    '</g>'
  );
}

/** Draws the model; the result is a complete `<svg>` element sized by its viewBox to the column width. */
export function renderClusterSvg(model: ClusterModel, opts: MapRenderOptions = {}): string {
  const active = opts.active ?? new Set<string>();
  const on = (actor: string, host: string) => (active.has(`${actor}@${host}`) ? ' is-active' : '');
  const out: string[] = [];
  const links: string[] = [];
  const over: string[] = [];
  const endpointKeys = new Set(model.services.flatMap((s) => s.endpoints));
  const podAnchors = new Map<string, { x: number; y: number; trunk: number; bottom: number }>();

  const master = model.machines.find((m) => m.role === 'control-plane');
  const workers = model.machines.filter((m) => m !== master);
  let y = 8;

  // ---- the master: control plane on the left, its own node agents and coredns on the right ----
  let apiBottom = { x: W / 2, y: 8 };
  if (master) {
    const h = 196;
    const x0 = 8;
    out.push(`<g class="kc-map-machine is-control-plane${master.cordoned ? ' is-cordoned' : ''}" data-machine="${esc(master.name)}">`);
    out.push(`<rect class="kc-map-machine-box" x="${x0}" y="${y}" width="${W - 16}" height="${h}" rx="12"/>`);
    out.push(text(x0 + 16, y + 24, master.name, 'kc-map-machine-name'));
    out.push(text(x0 + 16 + master.name.length * 9 + 12, y + 24, `control plane${master.ip ? ` · ${master.ip}` : ''}`, 'kc-map-muted'));
    out.push(statusBadge(master, W - 24, y + 22));
    const cp = (n: string) => master.components.find((c) => c.name === n);
    const cw = 176;
    const row1 = y + 44;
    const cols = [x0 + 24, x0 + 24 + cw + 24, x0 + 24 + 2 * (cw + 24)];
    const api = { x: cols[0] + 90, y: row1 + 68, w: 2 * cw + 24 + cw - 180 + 24 };
    const apiCx = api.x + api.w / 2;
    ['etcd', 'kube-scheduler', 'kube-controller-manager'].forEach((n, i) => {
      const c = cp(n);
      if (!c) return;
      const bx = cols[i];
      links.push(`<path class="kc-map-link is-api" d="M${bx + cw / 2},${row1 + 32} C${bx + cw / 2},${row1 + 52} ${apiCx},${row1 + 48} ${apiCx},${api.y}"/>`);
      out.push(box(bx, row1, cw, 32, n, `kc-map-cp tone-${c.tone}${on(n, master.name)}`, ` data-component="${n}"`));
    });
    const apiC = cp('kube-apiserver');
    if (apiC) out.push(box(api.x, api.y, api.w, 36, 'kube-apiserver', `kc-map-cp is-api tone-${apiC.tone}${on('kube-apiserver', master.name)}`, ' data-component="kube-apiserver"'));
    apiBottom = { x: apiCx, y: api.y + 36 };
    out.push(text(cols[0], api.y + 58, 'every component talks only to the API server; etcd only through it', 'kc-map-note'));
    // the right column: what makes the master a node too
    const rx = cols[2] + cw + 40;
    const rw = W - 8 - 16 - rx;
    out.push(text(rx, row1 - 6, 'node agents', 'kc-map-section'));
    ['kubelet', 'kube-proxy', 'container runtime'].forEach((n, i) => {
      const c = cp(n);
      if (!c) return;
      const actor = n === 'container runtime' ? 'container-runtime' : n;
      out.push(box(rx, row1 + i * 28, rw, 22, n, `kc-map-agent tone-${c.tone}${on(actor, master.name)}`, ` data-component="${n}"`));
    });
    const dns = master.components.filter((c) => c.name === 'coredns').length;
    const dnsPods = model.machines.length ? dns : 0;
    if (dnsPods) out.push(box(rx, row1 + 3 * 28 + 6, rw, 22, 'coredns', `kc-map-agent is-addon tone-ok${on('coredns', master.name)}`, ' data-component="coredns"'));
    master.pods.slice(0, 2).forEach((p, i) => out.push(podChip(p, rx, row1 + 4 * 28 + 8 + i * 30, rw, endpointKeys.has(p.key))));
    out.push('</g>');
    y += h;
  }

  // ---- pods the scheduler has not placed yet ----
  if (model.unscheduled.length) {
    y += 14;
    out.push(text(16, y + 17, 'waiting for the scheduler:', 'kc-map-section'));
    model.unscheduled.slice(0, 4).forEach((p, i) => out.push(podChip(p, 200 + i * 190, y, 180, false)));
    y += CHIP_H;
  }

  // ---- worker nodes ----
  y += 48;
  const n = Math.max(1, workers.length);
  const colW = (W - 16 - (n - 1) * GAP) / n;
  const shown = Math.min(MAX_PODS, Math.max(1, ...workers.map((w) => w.pods.length)));
  const extra = workers.some((w) => w.pods.length > MAX_PODS) ? 20 : 0;
  const nodeH = 82 + shown * ROW + extra;
  workers.forEach((m, i) => {
    const x = 8 + i * (colW + GAP);
    out.push(`<g class="kc-map-machine${m.cordoned ? ' is-cordoned' : ''}${m.ready ? '' : ' is-notready'}" data-machine="${esc(m.name)}">`);
    out.push(`<rect class="kc-map-machine-box" x="${x}" y="${y}" width="${colW}" height="${nodeH}" rx="12"/>`);
    out.push(text(x + 14, y + 24, m.name, 'kc-map-machine-name'));
    if (m.ip) out.push(text(x + 14 + m.name.length * 9 + 10, y + 24, m.ip, 'kc-map-muted'));
    out.push(statusBadge(m, x + colW - 12, y + 22));
    const aw = (colW - 28 - 12) / 3;
    ['kubelet', 'kube-proxy', 'container runtime'].forEach((a, j) => {
      const c = m.components.find((k) => k.name === a);
      const actor = a === 'container runtime' ? 'container-runtime' : a;
      const label = a === 'container runtime' ? 'runtime' : a;
      out.push(box(x + 14 + j * (aw + 6), y + 38, aw, 22, label, `kc-map-agent tone-${c?.tone ?? 'gone'}${on(actor, m.name)}`, ` data-component="${a}"`));
      if (j === 0) links.push(`<path class="kc-map-link is-watch" d="M${apiBottom.x},${apiBottom.y} C${apiBottom.x},${y - 10} ${x + 14 + aw / 2},${y - 30} ${x + 14 + aw / 2},${y + 38}"/>`);
    });
    const py = y + 72;
    if (!m.pods.length) out.push(text(x + colW / 2, py + 18, m.cordoned ? 'cordoned: no new pods' : 'no pods', 'kc-map-empty', 'middle'));
    m.pods.slice(0, MAX_PODS).forEach((p, k) => {
      const cy = py + k * ROW;
      out.push(podChip(p, x + 14, cy, colW - 28, endpointKeys.has(p.key)));
      podAnchors.set(p.key, { x: x + 14, y: cy + CHIP_H / 2, trunk: x + 7, bottom: y + nodeH });
    });
    if (m.pods.length > MAX_PODS) out.push(text(x + colW / 2, py + MAX_PODS * ROW + 12, `+ ${m.pods.length - MAX_PODS} more`, 'kc-map-muted', 'middle'));
    out.push('</g>');
  });
  y += nodeH;

  // ---- Services, with a line to each endpoint pod ----
  if (model.services.length) {
    y += 44;
    const sw = 210;
    model.services.slice(0, 4).forEach((s, i) => {
      const sx = 8 + i * (sw + 24);
      s.endpoints.forEach((key) => {
        const a = podAnchors.get(key);
        if (!a) return;
        const t = a.trunk + i * 2;
        over.push(`<path class="kc-map-link is-endpoint" d="M${sx + sw / 2},${y} C${sx + sw / 2},${y - 26} ${t},${a.bottom + 22} ${t},${a.bottom - 4} L${t},${a.y} L${a.x},${a.y}"/>`);
      });
      out.push(
        `<g class="kc-map-svc" data-service="${esc(s.key)}"><rect x="${sx}" y="${y}" width="${sw}" height="46" rx="8"/>` +
          text(sx + 12, y + 19, `svc/${fit(s.name, 22)}`, 'kc-map-svc-name') +
          text(sx + 12, y + 36, `${s.type} ${s.clusterIP} · ${s.endpoints.length} endpoint${s.endpoints.length === 1 ? '' : 's'}`, 'kc-map-muted') +
          '</g>',
      );
    });
    y += 46;
  }
  const height = y + 10;
  return (
    `<svg class="kc-map-svg" viewBox="0 0 ${W} ${height}" width="100%" role="img" aria-labelledby="kc-map-sr" xmlns="http://www.w3.org/2000/svg">` +
    `<g class="kc-map-links" aria-hidden="true">${links.join('')}</g>${out.join('')}<g class="kc-map-links" aria-hidden="true">${over.join('')}</g></svg>`
  );
}
