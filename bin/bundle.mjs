// Plain-JavaScript bundles of the TypeScript sources, made with esbuild (which tsx brings) and kept in
// node_modules/.cache/ots-kg/ until a source file changes: the command line and the query workers run from them, so no
// TypeScript loader has to hook each of the thousand-odd module loads at start-up.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** A fingerprint of the TypeScript sources under `srcRoot` (paths, sizes, modification times). */
function sourcesFingerprint(srcRoot) {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        const st = statSync(path);
        hash.update(`${path}\0${st.size}\0${st.mtimeMs}\n`);
      }
    }
  };
  walk(srcRoot);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Bundles the entry points (paths under `srcRoot`, without `.ts`) into one folder, each as `<file name>.mjs` with the
 * packages left as imports, and returns the folder. A bundle of the same sources is reused.
 */
export function bundleSources(name, srcRoot, entries) {
  // Inside node_modules, so that the bundle's bare imports resolve to the project's packages.
  const cache = join(dirname(require.resolve('esbuild/package.json')), '..', '.cache', 'ots-kg');
  const dir = join(cache, `${name}-${sourcesFingerprint(srcRoot)}`);
  if (entries.every((e) => existsSync(join(dir, `${e.split('/').pop()}.mjs`)))) return dir;
  const esbuild = require('esbuild');
  // Built aside and renamed into place, so processes starting together never load a half-written file.
  const tmp = `${dir}.${process.pid}.tmp`;
  esbuild.buildSync({
    entryPoints: entries.map((e) => join(srcRoot, `${e}.ts`)),
    entryNames: '[name]',
    bundle: true,
    // Shared code in chunks, and a dynamic import stays one: a command loads only the packages it uses.
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    // Code that reads the source tree (the build's input hash) finds it here rather than beside the bundle.
    define: { OTS_KG_SRC_DIR: JSON.stringify(srcRoot) },
    logLevel: 'error',
  });
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another process won the race: its bundle is the same
  }
  // Bundles of sources edited since are dropped after a day (a running process may still load from its own).
  for (const old of readdirSync(cache)) {
    const path = join(cache, old);
    if (old.startsWith(`${name}-`) && path !== dir && Date.now() - statSync(path).mtimeMs > 86_400_000) rmSync(path, { recursive: true, force: true });
  }
  return dir;
}
