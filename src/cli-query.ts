// `ots-kg query`: answers a SPARQL query from the dumps on the command line, without a server.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError, DATASET_FILE, loadConfig } from './config.js';
import { QueryError } from './query/errors.js';
import { formatByName } from './serialize/formats.js';

export const QUERY_USAGE = `usage: ots-kg query 'SELECT ...'            answer a query given as text
       ots-kg query --file q.rq               answer the query in a file

options:
  --format NAME   json, xml, csv, tsv (SELECT/ASK); turtle, ntriples, jsonld, rdfxml, nquads, trig (CONSTRUCT/DESCRIBE)
                  default: tsv for SELECT, json for ASK, turtle for CONSTRUCT/DESCRIBE
  --dumps DIR     folder holding ots-kg.nq (default: $DUMPS_DIR or dist/dumps)
  --max-rows N    cut the answer after N rows (default: no limit)

exit status: 0 answered, 1 the query failed (syntax, refused), 2 bad usage or no dataset`;

export interface QueryCommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env?: Record<string, string | undefined>;
}

const stdio: QueryCommandIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

interface Parsed {
  query?: string;
  file?: string;
  format?: string;
  dumps?: string;
  maxRows?: number;
}

function parseArgs(args: string[]): Parsed | string {
  const p: Parsed = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = (): string | undefined => args[++i];
    if (a === '--file' || a === '-f') {
      const v = value();
      if (v === undefined) return '--file needs a path';
      p.file = v;
    } else if (a === '--format') {
      const v = value();
      if (v === undefined) return '--format needs a name';
      const f = formatByName(v);
      if (!f || f.kind === 'page') return `--format ${v} is not a result format (json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml, nquads, trig)`;
      p.format = v;
    } else if (a === '--dumps') {
      const v = value();
      if (v === undefined) return '--dumps needs a folder';
      p.dumps = v;
    } else if (a === '--max-rows') {
      const v = value();
      if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1) return `--max-rows needs a whole number of at least 1, got ${v ?? 'nothing'}`;
      p.maxRows = Number(v);
    } else if (a.startsWith('-') && a !== '-') {
      return `unknown option '${a}'`;
    } else if (p.query === undefined) {
      p.query = a;
    } else {
      return 'give one query (quote it), or --file';
    }
  }
  if (p.query !== undefined && p.file !== undefined) return 'give the query as text or with --file, not both';
  if (p.query === undefined && p.file === undefined) return 'no query given';
  return p;
}

export async function runQueryCommand(args: string[], io: QueryCommandIo = stdio): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${QUERY_USAGE}\n`);
    return 0;
  }
  const p = parseArgs(args);
  if (typeof p === 'string') {
    io.err(`error: ${p}\n\n${QUERY_USAGE}\n`);
    return 2;
  }
  let config;
  try {
    config = loadConfig(io.env ?? process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  let query = p.query ?? '';
  if (p.file !== undefined) {
    try {
      query = await readFile(resolve(p.file), 'utf8');
    } catch (e) {
      io.err(`error: cannot read the query file ${resolve(p.file)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
      return 2;
    }
  }
  const dumps = resolve(p.dumps ?? config.dumpsDir);
  const dataset = resolve(dumps, DATASET_FILE);
  let nquads: string;
  try {
    nquads = await readFile(dataset, 'utf8');
  } catch (e) {
    io.err(`error: cannot read the dataset ${dataset} (${(e as NodeJS.ErrnoException).code ?? String(e)}): run 'npm run build' first, or pass --dumps DIR\n`);
    return 2;
  }
  // Loaded only now: Comunica takes a second to start, which --help and usage errors need not pay.
  const { SparqlEngine } = await import('./query/engine.js');
  const engine = SparqlEngine.create({ nquads, serviceAllowlist: config.serviceAllowlist });
  try {
    // Tab-separated is the readable default in a terminal for tables; JSON for ASK; Turtle for graphs.
    const format = p.format;
    const accept = format === undefined ? 'text/tab-separated-values, application/sparql-results+json;q=0.9, text/turtle;q=0.8' : undefined;
    const answer = await engine.answer(query, {
      ...(format !== undefined ? { format } : {}),
      ...(accept !== undefined ? { accept } : {}),
      ...(p.maxRows !== undefined ? { maxRows: p.maxRows } : {}),
    });
    for await (const chunk of answer.body) io.out(chunk);
    if (answer.headers['X-Result-Truncated']) io.err(`note: the answer was cut after ${answer.headers['X-Result-Row-Limit']} rows (--max-rows)\n`);
    return 0;
  } catch (e) {
    if (e instanceof QueryError) {
      io.err(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
