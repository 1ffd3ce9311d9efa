// Thread priorities of the query workers (Linux): a worker running a long query, or loading the data beside the serving
// ones, runs at a lower priority (a higher nice value), so that on a machine with few cores the threads answering
// lookups and the HTTP thread are scheduled first. See docs/endpoint.md, "Fair under load".
import { readFileSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Whether a thread of this process may be given its normal priority back after it was lowered: Linux lets a thread
 * raise its nice value freely, but lowering it needs CAP_SYS_NICE or a nice limit (RLIMIT_NICE) of 20 or more. Without
 * that, a worker once lowered would stay low, so the pool does not lower any.
 */
export function canRestorePriority(): { ok: boolean; why?: string } {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const eff = /CapEff:\s*([0-9a-f]+)/.exec(status)?.[1];
    if (eff !== undefined && ((BigInt(`0x${eff}`) >> 23n) & 1n) === 1n) return { ok: true };
    const limit = /Max nice priority\s+(\S+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
    if (limit === 'unlimited' || Number(limit) >= 20) return { ok: true };
    return { ok: false, why: `the process may not raise a thread's priority back (no CAP_SYS_NICE, and its nice limit is ${limit ?? 'unknown'}; 'ulimit -e 20' or systemd's LimitNICE=20 allows it)` };
  } catch {
    return { ok: false, why: 'thread priorities are available on Linux only' };
  }
}

/** Sets the calling thread's nice value (-20..19); false when the system refuses (or is not Linux). */
export function setThreadNice(nice: number): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid)) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
