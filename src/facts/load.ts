// Loads the data folder: sources.yaml, entities/*.yaml, summits/*.yaml -> resolved facts, or a FactsError listing every problem.
import { readFile, readdir } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { FactsError, type FactIssue } from './errors.js';
import { Collector, parseEntities, parseOrganisation, parseSources, parseSummit } from './parse.js';
import { Issues, readYaml, readYamlFast, type ParsedFile, type Value } from './reader.js';
import { resolveFacts, type ResolvedFacts } from './resolve.js';

async function yamlFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const names = await readdir(dir);
  return names.filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort().map((n) => join(dir, n));
}

export interface LoadOptions {
  readonly dataDir: string;
}

type Reader = (file: string, text: string, issues: Issues) => ParsedFile | undefined;

/**
 * Reads and checks every fact file; throws FactsError (file, line, reason, hint for each problem) when anything is wrong.
 * The files are read fast first; only when that finds a problem are they read again keeping positions, for the lines.
 */
export async function loadFacts(opts: LoadOptions): Promise<ResolvedFacts> {
  const r = await collectFacts(opts);
  if (r.issues.length > 0) throw new FactsError(r.issues);
  return r.facts;
}

export interface CollectedFacts {
  /** What could be read and resolved; facts with a problem are marked `incomplete`. */
  readonly facts: ResolvedFacts;
  /** Every problem of every stage that could run: form, names, citations, quotes, duplicate IRIs. */
  readonly issues: readonly FactIssue[];
}

/** Reads every fact file and runs every check that can run, whatever the others found; never throws FactsError. */
export async function collectFacts(opts: LoadOptions): Promise<CollectedFacts> {
  const texts = new Map<string, string>();
  const fast = await loadWith(opts, readYamlFast, texts);
  if (fast.issues.length === 0) return fast;
  const precise = await loadWith(opts, readYaml, texts);
  // The precise pass sees what the fast one saw; should it not, the fast findings still stand.
  return precise.issues.length > 0 ? precise : fast;
}

async function loadWith(opts: LoadOptions, read: Reader, texts: Map<string, string>): Promise<CollectedFacts> {
  const readText = async (p: string): Promise<string> => {
    const cached = texts.get(p);
    if (cached !== undefined) return cached;
    const t = await readFile(p, 'utf8');
    texts.set(p, t);
    return t;
  };
  const dataDir = resolve(opts.dataDir);
  const issues = new Issues();
  const c = new Collector(issues);
  // Files are named relative to the working folder's parent of data/, as a person would open them.
  const shown = (abs: string): string => relative(resolve(dataDir, '..'), abs).split(sep).join('/');

  const sourcesPath = join(dataDir, 'sources.yaml');
  if (!existsSync(sourcesPath)) {
    issues.add({ file: shown(sourcesPath), line: 1, col: 1, path: '', reason: 'file missing: the data folder needs sources.yaml', hint: 'create it with articles: and citations: lists' });
  }
  const sources = existsSync(sourcesPath) ? read(shown(sourcesPath), await readText(sourcesPath), issues) : undefined;
  if (sources) {
    parseSources(sources, c, (file: string, at: Value) => {
      const abs = resolve(dataDir, file);
      if (!abs.startsWith(dataDir + sep)) {
        at.fail(`'${file}' is outside the data folder`, 'keep source articles under data/source/');
        return undefined;
      }
      if (!existsSync(abs)) {
        at.fail(`source article '${file}' not found`, `expected at ${shown(abs)}`);
        return undefined;
      }
      return readFileSync(abs, 'utf8');
    });
  }
  for (const file of await yamlFiles(join(dataDir, 'entities'))) {
    const parsed = read(shown(file), await readText(file), issues);
    if (parsed) parseEntities(parsed, c, basename(file).replace(/\.ya?ml$/, ''));
  }
  const organisationPath = join(dataDir, 'organisation.yaml');
  if (existsSync(organisationPath)) {
    const parsed = read(shown(organisationPath), await readText(organisationPath), issues);
    if (parsed) parseOrganisation(parsed, c, 'organisation');
  }
  const summitFiles = await yamlFiles(join(dataDir, 'summits'));
  for (const file of summitFiles) {
    const parsed = read(shown(file), await readText(file), issues);
    if (parsed) parseSummit(parsed, c, basename(file).replace(/\.ya?ml$/, ''));
  }
  // References are resolved whatever the form checks found, so one pass reports both.
  const resolved = resolveFacts({ articles: c.articles, citations: c.citations, entities: c.entities, summits: c.summits, facts: c.facts, minted: c.minted }, issues);
  return { facts: resolved, issues: issues.list };
}
