// Shows the dump writer's progress: on a terminal one line redrawn in place (which syntax, how far along); elsewhere
// (CI, a pipe, a log file) plain lines, one when each step is done.
import type { DumpProgress } from './serialize/dumps.js';

export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

const MB = 1024 * 1024;
const mb = (n: number): string => `${(n / MB).toFixed(1)} MB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** True when the output is a terminal a line can be redrawn on: a TTY, not under CI, not TERM=dumb. */
export function isInteractive(out: ProgressOutput, env: NodeJS.ProcessEnv = process.env): boolean {
  return out.isTTY === true && !env['CI'] && env['TERM'] !== 'dumb';
}

/**
 * A DumpProgress listener writing to `out`. Interactive: `[2/4] writing ots-kg.nt, ots-kg.nq: 41.0 MB of ~62.7 MB (65%)`
 * redrawn at most every `intervalMs`, and cleared at the end. Plain: `dumps [2/4] wrote ots-kg.nt, ots-kg.nq (62.7 MB) in 1.7 s`.
 */
export function dumpProgress(out: ProgressOutput, opts: { interactive?: boolean; intervalMs?: number; now?: () => number } = {}): (e: DumpProgress) => void {
  const interactive = opts.interactive ?? isInteractive(out);
  const interval = opts.intervalMs ?? 100;
  const now = opts.now ?? (() => performance.now());
  let last = -Infinity;
  let drawn = false;
  const draw = (text: string, force: boolean): void => {
    const t = now();
    if (!force && t - last < interval) return;
    last = t;
    out.write(`\r\u001b[K${text}`);
    drawn = true;
  };
  const clear = (): void => {
    if (drawn) out.write('\r\u001b[K');
    drawn = false;
  };
  return (e) => {
    switch (e.kind) {
      case 'sort':
        if (interactive) draw(`sorting ${e.statements.toLocaleString('en-US')} statements…`, true);
        else out.write(`dumps: sorting ${e.statements.toLocaleString('en-US')} statements\n`);
        return;
      case 'write': {
        if (!interactive) return;
        const of = e.expectedBytes ? ` of ~${mb(e.expectedBytes)} (${Math.min(99, Math.floor((100 * e.bytes) / e.expectedBytes))}%)` : '';
        draw(`[${e.step}/${e.steps}] writing ${e.files.join(', ')}: ${mb(e.bytes)}${of}`, e.bytes === 0);
        return;
      }
      case 'wrote':
        if (!interactive) out.write(`dumps [${e.step}/${e.steps}] wrote ${e.files.join(', ')} (${mb(e.bytes)}) in ${seconds(e.ms)}\n`);
        return;
      case 'done':
        if (interactive) clear();
        return;
    }
  };
}
