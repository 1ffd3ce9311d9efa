// `ots-kg --version` and `-v` print the version in package.json, from the bundle users run and from the sources.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('ots-kg --version', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(['--version', '-v'])('bin/ots-kg.mjs %s prints "ots-kg <version>" and exits 0', (flag) => {
    const r = spawnSync(process.execPath, [resolve('bin/ots-kg.mjs'), flag], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(`ots-kg ${VERSION}`);
    expect(r.status).toBe(0);
  }, 120_000);

  it('main() answers --version from the TypeScript sources too, and the usage text names it', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((l: unknown) => void lines.push(String(l)));
    expect(await main(['--version'])).toBe(0);
    expect(await main(['--help'])).toBe(0);
    expect(lines[0]).toBe(`ots-kg ${VERSION}`);
    expect(lines[1]).toContain('ots-kg --version');
  });
});
