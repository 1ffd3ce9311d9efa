// package.json declares what the code imports: every package src/ and bin/ load at run time is a dependency (a fresh
// `npm ci --omit=dev` must run the product), every package the tests, benchmarks and scripts load is declared somewhere,
// and nothing is declared that no file uses. The imports are read with TypeScript's own parser, not with patterns.
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  overrides?: Record<string, unknown>;
  scripts: Record<string, string>;
  engines: { node: string };
};

interface Use {
  pkg: string;
  file: string;
  /** False when the import is erased at compile time (`import type`, a type-only specifier list, `import('x').T` in a type). */
  runtime: boolean;
}

function files(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'w3c') out.push(...files(path, keep));
    } else if (keep(e.name)) out.push(path);
  }
  return out;
}

/** The package a specifier names (`@scope/name` or `name`), or undefined for relative paths and Node's built-ins. */
export function packageOf(spec: string): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || spec.startsWith('#')) return undefined;
  const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
  return builtinModules.includes(name) ? undefined : name;
}

/** Every package a source file imports, requires or resolves, with whether the import survives compilation. */
export function importsOf(text: string, file: string): Use[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const uses: Use[] = [];
  const add = (spec: ts.Node | undefined, runtime: boolean): void => {
    if (spec === undefined || !ts.isStringLiteralLike(spec)) return;
    const p = packageOf(spec.text);
    if (p !== undefined) uses.push({ pkg: p, file, runtime });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allTypes =
        clause !== undefined &&
        (clause.isTypeOnly || (clause.name === undefined && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, !allTypes);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, !node.isTypeOnly);
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg)) add(arg.literal, false);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      const isResolve = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'require' && callee.name.text === 'resolve';
      if (isImport || isRequire || isResolve) add(node.arguments[0], true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return uses;
}

const isCode = (n: string): boolean => /\.(ts|mts|mjs|js)$/.test(n) && !n.endsWith('.d.ts') && !n.endsWith('.d.mts');
const product = [...files('src', isCode), ...files('bin', isCode)];
const tooling = [...files('test', isCode), ...files('bench', isCode), ...files('scripts', isCode), 'vitest.config.ts'];
const usesOf = (list: string[]): Use[] => list.flatMap((f) => importsOf(readFileSync(join(root, f), 'utf8'), relative(root, join(root, f))));
const productUses = usesOf(product);
const toolingUses = usesOf(tooling);

/** Packages run as commands by the npm scripts (`tsx bench/run.ts`): used, though never imported. */
const scriptCommands = new Set(Object.values(pkg.scripts).flatMap((s) => s.split(/&&|\|\||;/).map((part) => part.trim().split(/\s+/)[0]!)));

describe('package.json declares what the code imports', () => {
  it('reads imports of every kind (checked on a sample, so that the scan below cannot pass by reading nothing)', () => {
    const sample = [
      "import a from 'pkg-a';",
      "import type { T } from 'pkg-b';",
      "import { type U } from 'pkg-c/sub';",
      "import * as d from '@scope/pkg-d/deep/path.js';",
      "export { e } from 'pkg-e';",
      "const f = await import('pkg-f');",
      "const g = require.resolve('pkg-g/package.json');",
      "type H = import('pkg-h').H;",
      "import { x } from './local.js'; import { y } from 'node:fs'; import z from 'path';",
    ].join('\n');
    expect(importsOf(sample, 'sample.ts').map((u) => `${u.pkg}:${u.runtime ? 'run' : 'type'}`)).toEqual([
      'pkg-a:run',
      'pkg-b:type',
      'pkg-c:type',
      '@scope/pkg-d:run',
      'pkg-e:run',
      'pkg-f:run',
      'pkg-g:run',
      'pkg-h:type',
    ]);
    // The scan found the project's own imports: the engine and the web framework at least.
    expect(productUses.map((u) => u.pkg)).toEqual(expect.arrayContaining(['@comunica/query-sparql', 'express', 'oxigraph', 'esbuild']));
  });

  it('every package src/ and bin/ load at run time is in dependencies', () => {
    const missing = productUses.filter((u) => u.runtime && !(u.pkg in pkg.dependencies)).map((u) => `${u.pkg} (imported by ${u.file})`);
    expect([...new Set(missing)], 'add these to "dependencies" in package.json').toEqual([]);
  });

  it('every package src/ uses only for types is declared (dependencies or devDependencies)', () => {
    const missing = productUses.filter((u) => !u.runtime && !(u.pkg in pkg.dependencies) && !(u.pkg in pkg.devDependencies)).map((u) => `${u.pkg} (${u.file})`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it('every package the tests, benchmarks and scripts import is declared', () => {
    const missing = toolingUses.filter((u) => !(u.pkg in pkg.dependencies) && !(u.pkg in pkg.devDependencies)).map((u) => `${u.pkg} (imported by ${u.file})`);
    expect([...new Set(missing)], 'add these to "devDependencies" in package.json').toEqual([]);
  });

  it('dependencies hold only what the product loads at run time; the rest is a devDependency', () => {
    const runtime = new Set(productUses.filter((u) => u.runtime).map((u) => u.pkg));
    const extra = Object.keys(pkg.dependencies).filter((p) => !runtime.has(p));
    expect(extra, 'move these to "devDependencies" (or drop them if nothing uses them)').toEqual([]);
  });

  it('every devDependency is used: imported, run by an npm script, the type package of a used package, or the type checker', () => {
    const used = new Set([...productUses, ...toolingUses].map((u) => u.pkg));
    const typesOf = (p: string): string => p.slice('@types/'.length).replace(/^(.+)__(.+)$/, '@$1/$2');
    const unused = Object.keys(pkg.devDependencies).filter(
      (p) => !used.has(p) && !scriptCommands.has(p) && p !== 'typescript' && !(p.startsWith('@types/') && (typesOf(p) === 'node' || used.has(typesOf(p)))),
    );
    expect(unused, 'drop these from package.json').toEqual([]);
  });

  it('overrides name only packages in the installed tree', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    const installed = new Set(Object.keys(lock.packages).map((k) => k.replace(/^.*node_modules\//, '')));
    expect(Object.keys(pkg.overrides ?? {}).filter((p) => !installed.has(p))).toEqual([]);
  });

  it('every installed package supports the lowest Node version "engines" allows, so `npm ci` gives no EBADENGINE warning', () => {
    const lowest = semver.minVersion(pkg.engines.node);
    expect(lowest, `"engines.node" ${pkg.engines.node} has no lowest version`).not.toBeNull();
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };
    const unfit = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && !Array.isArray(p.engines) && p.engines?.node !== undefined && !semver.satisfies(lowest!, p.engines.node))
      .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')}@${p.version} needs Node ${(p.engines as { node: string }).node}`);
    expect(unfit, `raise "engines" above ${lowest!.version} and say so in the README, or pin these to versions that fit`).toEqual([]);
    expect(semver.satisfies(process.version, pkg.engines.node), `this Node (${process.version}) is outside "engines" ${pkg.engines.node}`).toBe(true);
  });
});
