// The command line as users and the npm scripts run it: `node bin/ots-kg.mjs ...`, from its esbuild bundle.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BASE_IRI } from '../src/config.js';
import { inputsHash, isUpToDate } from '../src/pipeline.js';

const BIN = resolve('bin/ots-kg.mjs');
const NQ = readFileSync(new URL('./fixtures/query/summit.nq', import.meta.url), 'utf8');

function run(args: string[], env: Record<string, string> = {}): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('bin/ots-kg.mjs', () => {
  it('builds dumps that the TypeScript sources then find up to date (the bundle hashes the same sources)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ots-kg-bin-')), 'dumps');
    const r = run(['build', '--out', out]);
    expect(r.out).toMatch(/wrote \d+ dump files/);
    expect(r.status).toBe(0);
    return expect(isUpToDate({ dataDir: resolve('data'), ontologyDir: resolve('ontology'), outDir: out, base: DEFAULT_BASE_IRI })).resolves.toBe(true);
  }, 120_000);

  it('refuses --no-build outside serve', () => {
    const r = run(['build', '--no-build']);
    expect(r.status).toBe(1);
    expect(r.out).toContain("unknown option '--no-build'");
  });

  it('serves a given dump as it is with serve --no-build, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ots-kg-serve-'));
    writeFileSync(join(dir, 'ots-kg.nq'), NQ);
    const child = spawn(process.execPath, [BIN, 'serve', '--no-build', '--out', dir], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_REQUESTS: 'false', SERVICE_ALLOWLIST: 'none', QUERY_WORKERS: '1' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
    try {
      const url = await new Promise<string>((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`no address within 60 s:\n${out}`)), 60_000);
        const look = (): void => {
          const m = /serving at (http:\/\/\S+?)\/ /.exec(out);
          if (m?.[1]) {
            clearTimeout(timer);
            res(m[1]);
          } else setTimeout(look, 20);
        };
        look();
      });
      expect(out).toContain(`serving the dumps in ${dir} as they are`);
      const q = encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/ots-kg/ontology#State> }');
      const res = await fetch(`${url}/sparql?query=${q}`, { headers: { accept: 'text/csv' } });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('n\r\n2\r\n');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 90_000);
});

describe('the build inputs hash', () => {
  it('changes when a module the transformer builds on changes, not only its own folders', async () => {
    // The hash reads the sources from OTS_KG_SRC_DIR when it is set (as in the bundle): point it at a copy.
    const src = join(mkdtempSync(join(tmpdir(), 'ots-kg-src-')), 'src');
    cpSync('src', src, { recursive: true });
    const g = globalThis as { OTS_KG_SRC_DIR?: string };
    g.OTS_KG_SRC_DIR = src;
    try {
      const opts = { dataDir: resolve('data'), ontologyDir: resolve('ontology'), base: DEFAULT_BASE_IRI };
      const before = await inputsHash(opts);
      expect(await inputsHash(opts)).toBe(before);
      appendFileSync(join(src, 'vocab.ts'), '\n// changed\n');
      expect(await inputsHash(opts)).not.toBe(before);
    } finally {
      delete g.OTS_KG_SRC_DIR;
    }
  });
});
