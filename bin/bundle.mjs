// Plain-JavaScript bundles of the TypeScript sources, made with esbuild (which tsx brings) and kept in
// node_modules/.cache/ots-kg/ until a source file changes: the command line and the query workers run from them, so no
// TypeScript loader has to hook each of the thousand-odd module loads at start-up.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

// Packages a self-contained bundle still loads from node_modules: the store reads its WebAssembly file from beside
// its own module.
const KEPT_OUT = ['oxigraph'];

/**
 * A fingerprint of the TypeScript sources under `srcRoot` (paths, sizes, modification times), and of the installed
 * packages when a bundle holds them (the lock files npm writes).
 */
function sourcesFingerprint(srcRoot, withPackages) {
  const hash = createHash('sha256');
  // How the bundle is made is part of it.
  hash.update(readFileSync(new URL(import.meta.url)));
  if (withPackages) {
    for (const lock of [join(srcRoot, '..', 'package-lock.json'), join(srcRoot, '..', 'node_modules', '.package-lock.json')]) {
      if (existsSync(lock)) {
        const st = statSync(lock);
        hash.update(`${lock}\0${st.size}\0${st.mtimeMs}\n`);
      }
    }
  }
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
 *
 * The entries also named in `selfContained` (the query workers) are built apart with the packages inside, all but
 * KEPT_OUT: a worker then loads one file where it would resolve and read a thousand-odd modules of Comunica, which
 * took most of its start-up (docs/endpoint.md, "Start-up"). Each package is in such a bundle once, so the classes
 * the worker's code and Comunica share are the same.
 */
export function bundleSources(name, srcRoot, entries, selfContained = []) {
  // Inside node_modules, so that the bundle's bare imports resolve to the project's packages.
  const cache = join(dirname(require.resolve('esbuild/package.json')), '..', '.cache', 'ots-kg');
  const dir = join(cache, `${name}-${sourcesFingerprint(srcRoot, selfContained.length > 0)}`);
  if (entries.every((e) => existsSync(join(dir, `${e.split('/').pop()}.mjs`)))) return dir;
  const esbuild = require('esbuild');
  // Built aside and renamed into place, so processes starting together never load a half-written file.
  const tmp = `${dir}.${process.pid}.tmp`;
  const build = (names, options) => {
    if (names.length === 0) return;
    esbuild.buildSync({
      entryPoints: names.map((e) => join(srcRoot, `${e}.ts`)),
      entryNames: '[name]',
      bundle: true,
      // Shared code in chunks, and a dynamic import stays one: a command loads only the modules it uses.
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outdir: tmp,
      outExtension: { '.js': '.mjs' },
      // Code that reads the source tree (the build's input hash) finds it here rather than beside the bundle.
      define: { OTS_KG_SRC_DIR: JSON.stringify(srcRoot) },
      logLevel: 'error',
      ...options,
    });
  };
  build(entries.filter((e) => selfContained.includes(e)), {
    chunkNames: 'self-contained-[hash]',
    external: KEPT_OUT,
    // The packages written for CommonJS call require() and name __dirname (Comunica's command-line parts, loaded with
    // its engine but never run here, build paths with it); an ES module has none of these of its own.
    banner: {
      js: [
        "import { createRequire as __otsKgRequire } from 'node:module';",
        "import { fileURLToPath as __otsKgPath } from 'node:url';",
        "import { dirname as __otsKgDirname } from 'node:path';",
        'const require = __otsKgRequire(import.meta.url);',
        'const __filename = __otsKgPath(import.meta.url);',
        'const __dirname = __otsKgDirname(__filename);',
      ].join(' '),
    },
  });
  build(entries.filter((e) => !selfContained.includes(e)), { packages: 'external' });
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
