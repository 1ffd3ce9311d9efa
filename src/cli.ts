// Command line: `build` writes the dumps, `serve` builds when needed and serves, `check` only checks the facts, `query` answers a query without a server.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError, DATASET_FILE, loadConfig, type Config } from './config.js';
import { FactsError } from './facts/errors.js';
// The build's modules (YAML, N3, the validator...) load only for the commands that need them: `serve --no-build` and
// `query` start without them.
const pipeline = () => import('./pipeline.js');

// Set by bin/bundle.mjs in the command line's bundle: the folder the sources were bundled from.
declare const OTS_KG_SRC_DIR: string | undefined;

/** The version in the project's package.json (read at run time, so the bundle never shows a stale one). */
function version(): string {
  const srcDir = typeof OTS_KG_SRC_DIR === 'string' ? OTS_KG_SRC_DIR : dirname(fileURLToPath(import.meta.url));
  return (JSON.parse(readFileSync(join(srcDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
}

const USAGE = `usage: ots-kg <command> [options]
       ots-kg --version

commands:
  build            build the graph from data/, validate it, write the dumps to dist/dumps/
  serve            build when the inputs changed, then start the server (what 'npm start' runs)
  check            check data/ (schema, names, quotes, citations, shapes), every problem in one pass, writing nothing
  query Q          answer a SPARQL query from the dumps, without a server (see 'ots-kg query --help')
  links verify     check every Wikidata link against Wikidata (online; see 'ots-kg links --help')
  links suggest    search Wikidata for candidates for the entities without a link (online; writes nothing)
  load virtuoso    bulk-load the N-Quads dump into a Virtuoso store (for STORE=sparql:URL; see 'ots-kg load --help')

options (build, serve, check):
  --data DIR       the data folder (default: data)
  --out DIR        where dumps go (default: $DUMPS_DIR or dist/dumps)
  --base IRI       base IRI of minted IRIs (default: $BASE_IRI or https://w3id.org/ots-kg/)
  --no-build       (serve) serve the dumps in --out as they are, without looking at the data folder
`;

const LOAD_USAGE = `usage: ots-kg load virtuoso [options]

Bulk-loads the N-Quads dump (named graphs included) into Virtuoso with its own loader (ld_dir, rdf_loader_run), then
checkpoints and records the dataset version in the store. Loading again replaces the earlier version.
The Virtuoso server reads the file itself: its folder must be in DirsAllowed of virtuoso.ini.

options:
  --url URL        the SQL port as virtuoso://USER:PASSWORD@HOST:PORT (instead of the four options below)
  --host HOST      Virtuoso's host (default 127.0.0.1)
  --port PORT      its SQL port, as isql uses (default 1111)
  --user USER      (default dba)
  --password PW    (default: $VIRTUOSO_PASSWORD, else dba)
  --dump FILE      the N-Quads dump (default: $DUMPS_DIR/ots-kg.nq, i.e. dist/dumps/ots-kg.nq)
  --base IRI       the base IRI the dump was built for (default: $BASE_IRI or https://w3id.org/ots-kg/)
  --isql PROGRAM   Virtuoso's SQL client (default isql-vt)
`;

/** \`ots-kg load virtuoso\`: prints quads loaded and time taken. */
async function loadCommand(args: string[]): Promise<number> {
  const [kind, ...rest] = args;
  if (kind === undefined || kind === '--help' || kind === '-h') {
    console.log(LOAD_USAGE);
    return kind === undefined ? 2 : 0;
  }
  if (kind !== 'virtuoso') throw new ConfigError(`'ots-kg load ${kind}': the store loader knows only virtuoso (for other stores see docs/store.md)\n\n${LOAD_USAGE}`);
  const o: Record<string, string> = {};
  const known = new Set(['--url', '--host', '--port', '--user', '--password', '--dump', '--base', '--isql']);
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a === '--help' || a === '-h') {
      console.log(LOAD_USAGE);
      return 0;
    }
    if (!known.has(a)) throw new ConfigError(`unknown option '${a}'\n\n${LOAD_USAGE}`);
    const v = rest[++i];
    if (v === undefined) throw new ConfigError(`${a} needs a value`);
    o[a.slice(2)] = v;
  }
  const config = loadConfig({ ...process.env, ...(o.base ? { BASE_IRI: o.base } : {}) });
  let host = o.host ?? '127.0.0.1';
  let port = o.port ?? '1111';
  let user = o.user ?? 'dba';
  let password = o.password ?? process.env.VIRTUOSO_PASSWORD ?? 'dba';
  if (o.url) {
    let u: URL;
    try {
      u = new URL(o.url);
    } catch {
      throw new ConfigError(`--url ${JSON.stringify(o.url)} is not a URL (example: virtuoso://dba:dba@127.0.0.1:1111)`);
    }
    if (u.protocol !== 'virtuoso:') throw new ConfigError(`--url ${o.url}: give Virtuoso's SQL port as virtuoso://USER:PASSWORD@HOST:PORT (the loader speaks SQL, not SPARQL)`);
    host = u.hostname || host;
    port = u.port || port;
    if (u.username) user = decodeURIComponent(u.username);
    if (u.password) password = decodeURIComponent(u.password);
  }
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) throw new ConfigError(`--port ${JSON.stringify(port)} is not a port number (Virtuoso's SQL port, 1111 by default)`);
  const file = resolve(o.dump ?? join(config.dumpsDir, DATASET_FILE));
  const { loadDataset } = await import('./store/virtuoso.js');
  const target = { host, port: Number(port), user, password, ...(o.isql ? { isql: o.isql } : {}) };
  console.log(`loading ${file} into Virtuoso at ${host}:${port} ...`);
  const r = await loadDataset(target, { file, base: config.baseIri });
  console.log(`loaded ${r.quads} quads (${r.triples} triples in the default graph) of version ${r.version} in ${(r.ms / 1000).toFixed(1)} s${r.graphsRemoved > 0 ? `; the ${r.graphsRemoved} graphs of the earlier load were replaced` : ''}`);
  return 0;
}

interface Opts {
  /** The settings with every command-line option in them: the server is started with exactly these. */
  config: Config;
  noBuild: boolean;
  dataDir: string;
  outDir: string;
  ontologyDir: string;
  base: string;
}

function parseOpts(args: string[], cmd: string): Opts {
  const env = { ...process.env };
  const out: Partial<Opts> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = (): string => {
      const v = args[++i];
      if (v === undefined) throw new ConfigError(`${a} needs a value`);
      return v;
    };
    if (a === '--data') out.dataDir = next();
    else if (a === '--out') env.DUMPS_DIR = out.outDir = next();
    else if (a === '--base') env.BASE_IRI = next();
    else if (a === '--no-build' && cmd === 'serve') out.noBuild = true;
    else throw new ConfigError(`unknown option '${a}'\n\n${USAGE}`);
  }
  const config = loadConfig({ ...env, DUMPS_DIR: resolve(out.outDir ?? loadConfig(env).dumpsDir) });
  return {
    config,
    noBuild: out.noBuild ?? false,
    dataDir: resolve(out.dataDir ?? 'data'),
    outDir: resolve(out.outDir ?? config.dumpsDir),
    ontologyDir: resolve('ontology'),
    base: config.baseIri,
  };
}

async function build(opts: Opts): Promise<void> {
  const t0 = performance.now();
  const { runBuild } = await pipeline();
  const { dumpProgress } = await import('./progress.js');
  const { manifest, timings, graph } = await runBuild({ ...opts, log: (l) => console.log(l), onProgress: dumpProgress(process.stdout) });
  // The README beside the data folder carries the dataset's figures from this build.
  const readme = join(dirname(resolve(opts.dataDir)), 'README.md');
  if (existsSync(readme) && (await (await import('./summary.js')).updateReadmeSummary(readme, graph.quads)) === 'updated') console.log(`${readme}: dataset summary updated`);
  const ms = (n: number | undefined): string => `${Math.round(n ?? 0)} ms`;
  console.log(`wrote ${manifest.files.length} dump files to ${opts.outDir}: ${manifest.triples} triples in the default graph, ${manifest.quads} quads in ${manifest.graphs} graphs`);
  console.log(`time: facts+graph ${ms(timings['facts+graph'])}, validation ${ms(timings.validate)}, dumps ${ms(timings.dumps)}, total ${ms(performance.now() - t0)}`);
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'build':
        await build(parseOpts(rest, 'build'));
        return 0;
      case 'check': {
        const opts = parseOpts(rest, 'check');
        const { checkData } = await import('./facts/check.js');
        const { facts, warnings } = await checkData(opts);
        for (const w of warnings) console.log(`warning: ${w.message} (${w.focusNode})`);
        console.log(`ok: ${facts.facts.length} facts, ${facts.entities.length} entities, ${facts.citations.length} citations; the graph conforms to ontology/shapes.ttl`);
        return 0;
      }
      case 'serve':
      case 'start': {
        const opts = parseOpts(rest, 'serve');
        if (opts.noBuild) console.log(`serving the dumps in ${opts.outDir} as they are`);
        else if (await (await pipeline()).isUpToDate(opts)) console.log(`dumps in ${opts.outDir} are up to date`);
        else await build(opts);
        const { startServer } = await import('./server.js');
        const server = await startServer({ config: opts.config });
        console.log(`ots-kg is serving at ${server.url}/ (pages, dumps, query editor); SPARQL at ${server.url}/sparql`);
        return -1; // keep running
      }
      case 'load':
        return await loadCommand(rest);
      case 'query': {
        const { runQueryCommand } = await import('./cli-query.js');
        return await runQueryCommand(rest);
      }
      case 'links': {
        const { runLinksCommand } = await import('./wikidata/cli.js');
        return await runLinksCommand(rest);
      }
      case '--version':
      case '-v':
      case 'version':
        console.log(`ots-kg ${version()}`);
        return 0;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        console.log(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        console.error(`unknown command '${cmd}'\n\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    // A store that cannot serve or load (unreachable, not a SPARQL endpoint, another version...): one line.
    if (e instanceof Error && (e.name === 'StoreError' || e.name === 'VirtuosoError')) {
      console.error(`error: ${e.message}`);
      return 1;
    }
    if (e instanceof ConfigError && cmd === 'load') {
      console.error(`error: ${e.message}`);
      return 1;
    }
    if (e instanceof FactsError || e instanceof ConfigError || (e instanceof Error && e.name === 'ValidationError')) {
      console.error(`error: ${e.message}`);
      console.error('nothing was written: the previous dumps are unchanged.');
      return 1;
    }
    throw e;
  }
}

// Run only when executed directly, so tests can import main() without side effects.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exitCode = 1;
    },
  );
}
