// What kubectl formats itself from server data (describe, expose --dry-run=client, port-forward's
// checks), compared byte for byte with upstream kubectl v1.32 shown the same objects
// (fixtures/upstream-server.json, captured by fixtures/capture-server.mjs).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/types.ts';
import { runStatic } from './static-cluster.ts';

const here = new URL('.', import.meta.url).pathname;
const fixture: { now: number; objects: KubeObject[]; results: Record<string, { stdout: string; stderr: string; code: number }> } = JSON.parse(
  readFileSync(`${here}fixtures/upstream-server.json`, 'utf8'),
);
const cases: { commands: string[][] } = JSON.parse(readFileSync(`${here}fixtures/upstream-server-cases.json`, 'utf8'));

describe('matches upstream kubectl v1.32 reading the same objects', () => {
  for (const args of cases.commands) {
    const key = args.join(' ');
    const want = fixture.results[key];
    if (!want) continue;
    it(`kubectl ${key}`, async () => {
      const got = await runStatic(fixture.objects, fixture.now, args);
      expect(got.stdout).toBe(want.stdout);
      expect(got.stderr).toBe(want.stderr);
      expect(got.code).toBe(want.code);
    });
  }
});
