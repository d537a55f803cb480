// Client-side behaviour compared byte for byte with upstream kubectl v1.32 (captured in fixtures/upstream.json).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { session } from './harness.ts';

const here = new URL('.', import.meta.url).pathname;
const upstream: Record<string, { stdout: string; stderr: string; code: number }> = JSON.parse(readFileSync(`${here}fixtures/upstream.json`, 'utf8'));
const cases = JSON.parse(readFileSync(`${here}fixtures/upstream-cases.json`, 'utf8'));

// Commands whose upstream answer needed a server (connection refused) cannot be compared here.
const needsServer = (r: { stdout: string; stderr: string }) => /connection to the server|Unable to connect|openapi/.test(r.stderr);

describe('matches upstream kubectl v1.32 without a server', () => {
  for (const args of cases.commands as string[][]) {
    const key = args.join(' ');
    const want = upstream[key];
    if (!want || needsServer(want)) continue;
    it(`kubectl ${key}`, async () => {
      const s = session({ preset: 'empty', settle: false });
      for (const [name, body] of Object.entries(cases.files as Record<string, string>)) s.write(name, body);
      const got = await s.run(args);
      expect(got.stdout).toBe(want.stdout);
      // upstream logs discovery failures as klog lines (E1122 ...); they are not part of the answer
      expect(got.stderr).toBe(want.stderr.split("\n").filter((l) => !/^E\d{4} /.test(l)).join("\n"));
      expect(got.code).toBe(want.code);
    });
  }
});
