// Typed query errors carrying an HTTP status; plain data so they cross the worker boundary intact.

export interface QueryErrorData {
  readonly status: number;
  /** Stable machine-readable code (e.g. `syntax`, `timeout`, `not-acceptable`). */
  readonly code: string;
  readonly message: string;
  /** 1-based position of a syntax error in the query text. */
  readonly line?: number;
  readonly column?: number;
  /** Extra response headers (Retry-After, Allow...). */
  readonly headers?: Readonly<Record<string, string>>;
}

export class QueryError extends Error implements QueryErrorData {
  public readonly status: number;
  public readonly code: string;
  public readonly line?: number;
  public readonly column?: number;
  public readonly headers?: Readonly<Record<string, string>>;

  public constructor(data: QueryErrorData) {
    super(data.message);
    this.name = 'QueryError';
    this.status = data.status;
    this.code = data.code;
    if (data.line !== undefined) this.line = data.line;
    if (data.column !== undefined) this.column = data.column;
    if (data.headers !== undefined) this.headers = data.headers;
  }

  public toData(): QueryErrorData {
    return {
      status: this.status,
      code: this.code,
      message: this.message,
      ...(this.line !== undefined ? { line: this.line } : {}),
      ...(this.column !== undefined ? { column: this.column } : {}),
      ...(this.headers !== undefined ? { headers: this.headers } : {}),
    };
  }
}

/**
 * Codes of the errors after which the worker that raised them must not answer again: its WebAssembly store trapped
 * (stack overflow, out-of-bounds access, a panic) and its memory may be corrupt, or a stack overflow unwound through
 * the engine half-way. The pool retires that worker and starts a fresh one.
 */
export const WORKER_BROKE_CODES: ReadonlySet<string> = new Set(['too-complex', 'store-failure']);

/** True for an error (by its code, also as `<code>-mid-stream`) after which its worker must be retired. */
export function workerBroke(code: string): boolean {
  return WORKER_BROKE_CODES.has(code.endsWith('-mid-stream') ? code.slice(0, -'-mid-stream'.length) : code);
}

// What a WebAssembly trap says (V8's wording), and the stack overflow a deep recursion in it raises.
const WASM_TRAP = /memory access out of bounds|unreachable|call stack exhausted|Maximum call stack size exceeded|table index is out of bounds|indirect call|null function|divide by zero|integer overflow|invalid conversion to integer|out of memory|RuntimeError/i;

/** True when an error the store raised is a trap of its WebAssembly (after which its memory cannot be trusted). */
export function isWasmTrap(e: unknown): boolean {
  if (e instanceof Error && e.name === 'RuntimeError') return true; // WebAssembly.RuntimeError
  return WASM_TRAP.test(e instanceof Error ? e.message : String(e));
}
