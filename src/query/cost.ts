// What a query will cost, judged before it runs: by what its kind of query cost the last time (its shape: the text
// without comments, literals, IRIs and numbers), or, never measured, by whether it reads as a lookup. The worker pool
// schedules by it (see pool.ts and docs/endpoint.md, "Fair under load"). No Comunica here: it runs on the main thread.
import { createHash } from 'node:crypto';
import { isLookup } from './quick-plan.js';

/** short: expected to finish within the short budget; long: it did not, last time; unknown: never measured, no lookup. */
export type CostClass = 'short' | 'long' | 'unknown';

// Strings, IRIs, comments and numbers, in the order a reader meets them (a '#' inside an IRI or a string is no comment).
const VARYING = /"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*'|<[^<>"{}|^`\\\s]*>|#[^\n\r]*|\b\d+(?:\.\d*)?(?:[eE][+-]?\d+)?\b/g;

/** The query's shape: its text with every literal, IRI and number replaced and comments and spacing dropped, hashed. */
export function shapeOf(text: string): string {
  const norm = text
    .replace(VARYING, (m) => (m.startsWith('#') ? ' ' : m.startsWith('<') ? '<>' : m.startsWith('"') || m.startsWith("'") ? '""' : '0'))
    .replace(/\s+/g, ' ')
    .trim();
  return createHash('sha1').update(norm).digest('base64url');
}

interface Measure {
  /** The last run's time in ms (arrival at a worker to the last byte), or the time it had run when it was stopped. */
  ms: number;
  long: boolean;
  /** Runs past the short budget in a row while the shape was short (one is forgiven: a fresh worker's first query, a busy machine). */
  overruns: number;
}

/** What each shape cost the last time, for the most recently seen shapes. */
export class CostBook {
  private readonly shapes = new Map<string, Measure>();

  public constructor(
    /** A run longer than this makes its shape long. */
    public readonly shortMs: number,
    private readonly maxShapes = 5000,
  ) {}

  /** The class of a query before it runs: measured shapes by their last run, others by whether they read as a lookup. */
  public classify(text: string, shape: string, presumeShort = false): CostClass {
    const m = this.shapes.get(shape);
    if (m) return m.long ? 'long' : 'short';
    return presumeShort || isLookup(text) ? 'short' : 'unknown';
  }

  /** The last measured time of a shape, if any. */
  public expectedMs(shape: string): number | undefined {
    return this.shapes.get(shape)?.ms;
  }

  /**
   * Records a run that finished (or was stopped) after `ms`. A shape that ran short before (or read as a lookup) turns
   * long only on its second overrun in a row; one never measured turns long at once; `stopped` (ended for running too
   * long) makes it long whatever it was.
   */
  public record(shape: string, ms: number, opts: { wasShort: boolean; stopped?: boolean }): void {
    const before = this.shapes.get(shape);
    let m: Measure;
    if (opts.stopped) m = { ms, long: true, overruns: 0 };
    else if (ms <= this.shortMs) m = { ms, long: false, overruns: 0 };
    else if (opts.wasShort && (before?.overruns ?? 0) === 0) m = { ms, long: false, overruns: 1 };
    else m = { ms, long: true, overruns: 0 };
    this.shapes.delete(shape);
    this.shapes.set(shape, m);
    if (this.shapes.size > this.maxShapes) this.shapes.delete(this.shapes.keys().next().value as string);
  }

  public get size(): number {
    return this.shapes.size;
  }
}
