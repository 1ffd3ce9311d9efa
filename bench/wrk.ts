// Load generation with wrk (a C program: one event-loop thread drives every connection, so it takes far less of the
// two cores than a Node load generator would from the server under test). GET requests whose query is URL-encoded;
// a Lua script varies the text per request (a trailing comment, as every endpoint gets alike), counts statuses and
// prints one JSON line at the end. Latencies are wrk's own, in microseconds.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const WRK = process.env.BENCH_WRK ?? 'wrk';

export interface WrkOptions {
  /** Base URL of the endpoint, e.g. http://127.0.0.1:3000. */
  readonly url: string;
  /** Path of the SPARQL endpoint, `/sparql` unless given. */
  readonly path?: string;
  /** URL parameters sent before `query` on every request (already encoded, e.g. `default-graph-uri=...&`). */
  readonly prefix?: string;
  /** The query texts, asked in turn. */
  readonly queries: readonly string[];
  /** Append `\n# bench <run>-<n>\n` to every text, so no cache can answer it. */
  readonly vary: boolean;
  readonly connections: number;
  readonly seconds: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The status an answer must have to count (200, or 304 for If-None-Match). */
  readonly okStatus: number;
  /** Seconds without an answer before wrk counts a timeout. */
  readonly timeoutS?: number;
}

export interface WrkResult {
  readonly requests: number;
  readonly seconds: number;
  readonly ok: number;
  readonly other: number;
  /** Socket errors (connect, read, write). */
  readonly errors: number;
  readonly timeouts: number;
  /** Latency percentiles in ms (wrk measures in microseconds). */
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
}

const luaString = (s: string): string => JSON.stringify(s); // a JSON string of ASCII is a valid Lua string

let run = 0;

function script(o: WrkOptions): string {
  const paths = o.queries.map((q) => `${o.path ?? '/sparql'}?${o.prefix ?? ''}query=${encodeURIComponent(q)}`);
  // Each run gets its own tag, so the texts of one run are never those of an earlier one.
  const tag = `${process.pid}x${Date.now().toString(36)}x${run++}`;
  const headers = Object.entries(o.headers).map(([k, v]) => `wrk.headers[${luaString(k)}] = ${luaString(v)}`);
  return `
local paths = { ${paths.map(luaString).join(', ')} }
local vary = ${o.vary ? 'true' : 'false'}
local okStatus = ${o.okStatus}
local tag = ${luaString(tag)}
wrk.method = "GET"
${headers.join('\n')}
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
counter = 0
ok = 0
other = 0
function request()
  counter = counter + 1
  local p = paths[(counter % #paths) + 1]
  if vary then p = p .. "%0A%23%20bench%20" .. tag .. "-" .. tid .. "-" .. counter .. "%0A" end
  return wrk.format(nil, p)
end
function response(status, headers, body)
  if status == okStatus then ok = ok + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local tok, tother = 0, 0
  for _, t in ipairs(threads) do
    tok = tok + t:get("ok")
    tother = tother + t:get("other")
  end
  local e = summary.errors
  io.write(string.format('WRKRESULT {"requests":%d,"duration_us":%d,"ok":%d,"other":%d,"errors":%d,"timeouts":%d,"p50":%d,"p99":%d,"mean":%f}\\n',
    summary.requests, summary.duration, tok, tother, e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
`;
}

/** Runs wrk once and returns its counts; throws when wrk cannot run or prints no result. */
export async function wrk(o: WrkOptions): Promise<WrkResult> {
  const dir = await mkdtemp(join(tmpdir(), 'ots-kg-wrk-'));
  try {
    const file = join(dir, 'bench.lua');
    await writeFile(file, script(o));
    const args = ['-t1', `-c${o.connections}`, `-d${Math.max(1, Math.round(o.seconds))}s`, `--timeout`, `${o.timeoutS ?? 10}s`, '-s', file, o.url];
    const out = await new Promise<string>((res, rej) => {
      const child = spawn(WRK, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (text += d));
      child.on('error', (e: NodeJS.ErrnoException) => rej(new Error(e.code === 'ENOENT' ? `${WRK} not found: install wrk (Debian: apt-get install wrk) or set BENCH_WRK` : `${WRK}: ${e.message}`)));
      child.on('close', (code) => (code === 0 ? res(text) : rej(new Error(`${WRK} exited with ${code}: ${text.slice(0, 500)}`))));
    });
    const line = out.split('\n').find((l) => l.startsWith('WRKRESULT '));
    if (!line) throw new Error(`${WRK} printed no result: ${out.slice(0, 500)}`);
    const r = JSON.parse(line.slice(10)) as { requests: number; duration_us: number; ok: number; other: number; errors: number; timeouts: number; p50: number; p99: number; mean: number };
    return { requests: r.requests, seconds: r.duration_us / 1e6, ok: r.ok, other: r.other, errors: r.errors, timeouts: r.timeouts, p50: r.p50 / 1000, p99: r.p99 / 1000, mean: r.mean / 1000 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
