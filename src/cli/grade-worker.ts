// A grading worker thread: grades the files it is sent, one batch at a time, and sends the rows back.
import { parentPort, workerData } from 'node:worker_threads';
import { gradeFileRows } from '../labs/grade.ts';
import type { GradeOptions } from '../labs/grade.ts';

const opts: GradeOptions = { ...((workerData ?? {}) as Omit<GradeOptions, 'loadLab' | 'now'>), now: () => performance.now() };

parentPort?.on('message', async (msg: { id: number; files: string[] }) => {
  const rows = [];
  for (const f of msg.files) rows.push(await gradeFileRows(f, opts));
  parentPort!.postMessage({ id: msg.id, rows });
});
