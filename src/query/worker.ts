// A query worker thread: holds its own store and engine, answers one query at a time, streams the serialized body back.
import { parentPort, workerData } from 'node:worker_threads';
import type { SparqlEngine } from './engine.js';
import { QueryError } from './errors.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';
import { setThreadNice } from './priority.js';

// Chunks are batched so a large answer crosses the thread boundary in few messages.
const CHUNK_BYTES = 64 * 1024;

function post(msg: FromWorker): void {
  parentPort?.postMessage(msg);
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const init = (workerData as { init: WorkerInit }).init;
  // Loading beside serving workers: at a lower priority from the first step (the engine's modules load below, not
  // before this line runs, so their compiling is lowered too).
  if (init.nice !== undefined) nice(init.nice);
  let engine: SparqlEngine;
  try {
    const { SparqlEngine } = await import('./engine.js');
    engine = SparqlEngine.create({ dataset: init.dataset, serviceAllowlist: init.serviceAllowlist, ...(init.userAgent ? { userAgent: init.userAgent } : {}), ...(init.speedupsOff ? { speedupsOff: init.speedupsOff } : {}) });
  } catch (e) {
    post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
    return;
  }
  parentPort?.on('message', (msg: ToWorker) => {
    void handle(engine, msg);
  });
  post({ type: 'ready', quads: engine.size, ms: Math.round(performance.now() - t0), version: init.dataset.version });
}

let niceNow = 0;

/** Sets this thread's nice value when it differs from the current one. */
function nice(value: number): void {
  if (value !== niceNow && setThreadNice(value)) niceNow = value;
}

async function handle(engine: SparqlEngine, msg: ToWorker): Promise<void> {
  if (msg.type === 'load') {
    try {
      engine.load({ dataset: msg.dataset });
      post({ type: 'loaded', id: msg.id, quads: engine.size });
    } catch (e) {
      post({ type: 'error', id: msg.id, error: { status: 500, code: 'load', message: e instanceof Error ? e.message : String(e) } });
    }
    return;
  }
  if (msg.nice !== undefined) nice(msg.nice);
  let headSent = false;
  try {
    const answer = await engine.answer(msg.query, msg.options);
    const { body, ...head } = answer;
    let buf = '';
    for await (const c of body) {
      buf += c;
      if (buf.length >= CHUNK_BYTES) {
        if (!headSent) post({ type: 'head', id: msg.id, head });
        headSent = true;
        post({ type: 'chunk', id: msg.id, data: buf });
        buf = '';
      }
    }
    // Most answers are small: head, body and end travel as one message.
    if (!headSent) {
      post({ type: 'whole', id: msg.id, head, data: buf });
      return;
    }
    if (buf.length > 0) post({ type: 'chunk', id: msg.id, data: buf });
    post({ type: 'end', id: msg.id });
  } catch (e) {
    const err = e instanceof QueryError ? e.toData() : { status: 500, code: 'internal', message: e instanceof Error ? e.message : String(e) };
    post({ type: 'error', id: msg.id, error: headSent ? { ...err, code: `${err.code}-mid-stream` } : err });
  }
}

void main();
