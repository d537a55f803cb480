// Grading a large batch on worker threads (one per core by default): each worker takes the next
// few files when it is done with its last ones, so a slow submission does not hold up the rest.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { gradeFileRows, gradeFiles } from '../labs/grade.ts';
import type { GradeOptions, GradeRow } from '../labs/grade.ts';

export interface PoolOptions extends GradeOptions {
  /** worker threads; default: the machine's cores (at most 8); 0 or 1 grades in this thread */
  workers?: number;
  /** fewer files than this are graded in this thread (starting a worker costs ~100 ms); default 24 */
  threshold?: number;
  /** files per message to a worker; default 8 */
  batch?: number;
}

export async function gradeMany(files: string[], opts: PoolOptions = {}): Promise<GradeRow[]> {
  const n = Math.min(opts.workers ?? Math.min(8, availableParallelism()), Math.ceil(files.length / (opts.batch ?? 8)));
  // runaway replays are also cut off by real time; the worker threads set the same clock
  const local = { now: () => performance.now(), ...opts };
  if (n <= 1 || files.length < (opts.threshold ?? 24) || opts.loadLab) return gradeFiles(files, local);
  const { workers: _w, threshold: _t, batch: _b, loadLab: _l, now: _n, ...workerOpts } = opts;
  const batch = opts.batch ?? 8;
  // one entry per file: a workshop bundle holds several submissions
  const rows: GradeRow[][] = new Array(files.length);
  let next = 0;
  const pool: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: n }, () =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(new URL('./grade-worker.ts', import.meta.url), { workerData: workerOpts });
          pool.push(w);
          let start = 0;
          const send = () => {
            if (next >= files.length) {
              resolve();
              return;
            }
            start = next;
            const chunk = files.slice(next, next + batch);
            next += chunk.length;
            w.postMessage({ id: start, files: chunk });
          };
          w.on('message', (m: { id: number; rows: GradeRow[][] }) => {
            m.rows.forEach((r, k) => (rows[m.id + k] = r));
            send();
          });
          w.on('error', reject);
          w.on('online', send);
        }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  // a worker that died mid-batch leaves holes: grade those here
  for (let i = 0; i < files.length; i++) if (!rows[i]) rows[i] = await gradeFileRows(files[i]!, local);
  return rows.flat();
}
