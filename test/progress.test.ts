// The dump writer says what it is doing and how far along it is; the command line draws that on a terminal and writes
// plain lines elsewhere.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parser, type RDF } from '../src/rdf.js';
import { writeDumps, type DumpProgress } from '../src/serialize/dumps.js';
import { dumpProgress, isInteractive } from '../src/progress.js';

const ALL: RDF.Quad[] = new Parser({ format: 'application/trig' }).parse(readFileSync(new URL('./fixtures/serialize/hard-cases.trig', import.meta.url), 'utf8'));
const BASE = 'https://w3id.org/ots-kg/';
const STEPS = [
  ['ots-kg.ttl', 'ots-kg.trig'],
  ['ots-kg.nt', 'ots-kg.nq'],
  ['ots-kg.jsonld'],
  ['ots-kg.rdf'],
];

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ots-kg-progress-'));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('writeDumps progress', () => {
  it('reports the sort, each step with its files and bytes, and the end; a rebuild knows the expected size', async () => {
    const runs: DumpProgress[][] = [];
    for (let i = 0; i < 2; i++) {
      const events: DumpProgress[] = [];
      const manifest = await writeDumps({ quads: ALL, base: BASE, outDir: join(work, 'dumps'), onProgress: (e) => events.push(e) });
      runs.push(events);
      expect(events[0]).toEqual({ kind: 'sort', statements: ALL.length });
      expect(events.at(-1)).toMatchObject({ kind: 'done', files: 6 });
      const wrote = events.filter((e): e is Extract<DumpProgress, { kind: 'wrote' }> => e.kind === 'wrote');
      expect(wrote.map((e) => [e.step, e.steps, e.files])).toEqual(STEPS.map((files, k) => [k + 1, 4, files]));
      // The bytes a step reports are the sizes of its files in the manifest.
      for (const e of wrote) expect(e.bytes).toBe(e.files.reduce((sum, name) => sum + (manifest.files.find((f) => f.name === name)?.bytes ?? NaN), 0));
      const writes = events.filter((e): e is Extract<DumpProgress, { kind: 'write' }> => e.kind === 'write');
      expect(new Set(writes.map((e) => e.step))).toEqual(new Set([1, 2, 3, 4]));
      // Within a step the count only grows.
      for (let k = 1; k < writes.length; k++) if (writes[k]!.step === writes[k - 1]!.step) expect(writes[k]!.bytes).toBeGreaterThanOrEqual(writes[k - 1]!.bytes);
    }
    // A first build has no previous dumps to estimate from; the rebuild of the same data expects exactly what it writes.
    expect(runs[0]!.some((e) => e.kind === 'write' && e.expectedBytes !== undefined)).toBe(false);
    const expected = new Map(runs[1]!.flatMap((e) => (e.kind === 'write' ? [[e.step, e.expectedBytes]] : [])));
    for (const e of runs[1]!) if (e.kind === 'wrote') expect(expected.get(e.step)).toBe(e.bytes);
  });
});

describe('dumpProgress', () => {
  const events: DumpProgress[] = [
    { kind: 'sort', statements: 1_234_567 },
    { kind: 'write', step: 2, steps: 4, files: ['ots-kg.nt', 'ots-kg.nq'], bytes: 0, expectedBytes: 100 * 1024 * 1024 },
    { kind: 'write', step: 2, steps: 4, files: ['ots-kg.nt', 'ots-kg.nq'], bytes: 41 * 1024 * 1024, expectedBytes: 100 * 1024 * 1024 },
    { kind: 'write', step: 2, steps: 4, files: ['ots-kg.nt', 'ots-kg.nq'], bytes: 42 * 1024 * 1024, expectedBytes: 100 * 1024 * 1024 },
    { kind: 'wrote', step: 2, steps: 4, files: ['ots-kg.nt', 'ots-kg.nq'], bytes: 99.5 * 1024 * 1024, ms: 1700 },
    { kind: 'write', step: 3, steps: 4, files: ['ots-kg.jsonld'], bytes: 5 * 1024 * 1024 },
    { kind: 'done', files: 6, ms: 4000 },
  ];
  const render = (interactive: boolean, times: number[]): string => {
    let out = '';
    const clock = [...times];
    const listener = dumpProgress({ write: (t: string) => (out += t) }, { interactive, intervalMs: 100, now: () => clock.shift() ?? 1e9 });
    for (const e of events) listener(e);
    return out;
  };

  it('on a terminal redraws one line: the syntax, the bytes, the share of the expected size; at most every 100 ms; cleared at the end', () => {
    const out = render(true, [0, 10, 50, 500, 600]);
    expect(out.split('\r\u001b[K')).toEqual([
      '',
      'sorting 1,234,567 statements…',
      '[2/4] writing ots-kg.nt, ots-kg.nq: 0.0 MB of ~100.0 MB (0%)',
      // 41 MB came 40 ms after the last draw and is skipped; 42 MB came later.
      '[2/4] writing ots-kg.nt, ots-kg.nq: 42.0 MB of ~100.0 MB (42%)',
      '[3/4] writing ots-kg.jsonld: 5.0 MB',
      '',
    ]);
    expect(out).not.toContain('\n');
  });

  it('elsewhere writes plain lines, one per finished step, with no control characters', () => {
    const out = render(false, []);
    expect(out).toBe('dumps: sorting 1,234,567 statements\ndumps [2/4] wrote ots-kg.nt, ots-kg.nq (99.5 MB) in 1.7 s\n');
  });

  it('draws in place only on a terminal outside CI', () => {
    expect(isInteractive({ write: () => true, isTTY: true }, {})).toBe(true);
    expect(isInteractive({ write: () => true, isTTY: true }, { CI: 'true' })).toBe(false);
    expect(isInteractive({ write: () => true, isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(isInteractive({ write: () => true, isTTY: false }, {})).toBe(false);
    expect(isInteractive({ write: () => true }, {})).toBe(false);
  });
});
