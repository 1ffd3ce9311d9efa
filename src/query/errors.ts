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
