// A position-aware reader over a parsed YAML document: every value it hands out knows its file, line and path.
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { FactIssue, Position } from './errors.js';
import { closest } from './text.js';

export class Issues {
  readonly list: FactIssue[] = [];
  add(issue: FactIssue): void {
    this.list.push(issue);
  }
  get size(): number {
    return this.list.length;
  }
}

interface Ctx {
  readonly file: string;
  readonly lc: LineCounter;
  readonly issues: Issues;
}

/** One value in a YAML file (possibly absent), with enough context to report problems about it. */
export class Value {
  constructor(
    private readonly ctx: Ctx,
    readonly node: YamlNode | null | undefined,
    readonly path: string,
    /** Offset to report when the node is absent (the parent's position). */
    private readonly fallbackOffset: number,
  ) {}

  get present(): boolean {
    return this.node !== undefined && this.node !== null && !(isScalar(this.node) && this.node.value === null);
  }

  get position(): Position {
    const offset = this.node?.range?.[0] ?? this.fallbackOffset;
    const { line, col } = this.ctx.lc.linePos(offset);
    return { file: this.ctx.file, line, col };
  }

  fail(reason: string, hint?: string): undefined {
    this.ctx.issues.add({ ...this.position, path: this.path, reason, ...(hint ? { hint } : {}) });
    return undefined;
  }

  private missing(what: string): undefined {
    return this.fail(`missing required field (${what})`, `add '${this.path.split('.').pop() ?? this.path}: …' here`);
  }

  /** A child of a mapping. */
  get(key: string): Value {
    const path = this.path ? `${this.path}.${key}` : key;
    const offset = this.node?.range?.[0] ?? this.fallbackOffset;
    if (!isMap(this.node)) return new Value(this.ctx, undefined, path, offset);
    const pair = this.node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    const child = pair?.value as YamlNode | null | undefined;
    return new Value(this.ctx, child, path, (pair?.key as YamlNode | undefined)?.range?.[0] ?? offset);
  }

  /** Reports keys not in `allowed` (with a did-you-mean), so a misspelt field is never silently ignored. */
  keys(allowed: readonly string[]): this {
    if (!isMap(this.node)) return this;
    for (const pair of this.node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined || allowed.includes(key)) continue;
      const near = closest(key, allowed, 2);
      const at = new Value(this.ctx, pair.key as YamlNode, this.path ? `${this.path}.${key}` : key, this.fallbackOffset);
      at.fail(`unknown field '${key}'`, near ? `did you mean '${near}'?` : `allowed here: ${allowed.join(', ')}`);
    }
    return this;
  }

  isMap(): boolean {
    return isMap(this.node);
  }

  /** Requires a mapping; reports and returns false otherwise. */
  mapping(required = true): boolean {
    if (!this.present) {
      if (required) this.missing('a mapping');
      return false;
    }
    if (!isMap(this.node)) {
      this.fail('expected a mapping (key: value lines)', 'indent the fields under this key');
      return false;
    }
    return true;
  }

  /** The items of a sequence; a single mapping is not accepted in place of a list. */
  items(required = false): Value[] {
    if (!this.present) {
      if (required) this.missing('a list');
      return [];
    }
    if (!isSeq(this.node)) {
      this.fail('expected a list', "start each item with '- '");
      return [];
    }
    const start = this.node.range?.[0] ?? this.fallbackOffset;
    return this.node.items.map((n, i) => new Value(this.ctx, n as YamlNode, `${this.path}[${i}]`, start));
  }

  /** A list of strings, also accepting a single string. */
  strings(required = false): string[] {
    if (this.present && isScalar(this.node)) {
      const s = this.str();
      return s === undefined ? [] : [s];
    }
    return this.items(required)
      .map((v) => v.str())
      .filter((s): s is string => s !== undefined);
  }

  private scalar(): unknown {
    return isScalar(this.node) ? this.node.value : undefined;
  }

  str(required = true): string | undefined {
    if (!this.present) return required ? this.missing('text') : undefined;
    const v = this.scalar();
    if (typeof v === 'string') {
      if (v.trim() === '') return this.fail('empty text', 'write the value or remove the field');
      return v.trim();
    }
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return this.fail('expected text, found a list or mapping');
  }

  optStr(): string | undefined {
    return this.str(false);
  }

  int(required = true, min = 0): number | undefined {
    if (!this.present) return required ? this.missing('a whole number') : undefined;
    const v = this.scalar();
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n)) return this.fail(`expected a whole number, found ${JSON.stringify(v ?? null)}`);
    if (n < min) return this.fail(`expected a number of at least ${min}, found ${n}`);
    return n;
  }

  bool(): boolean | undefined {
    if (!this.present) return undefined;
    const v = this.scalar();
    if (typeof v === 'boolean') return v;
    return this.fail(`expected true or false, found ${JSON.stringify(v ?? null)}`);
  }

  /** A calendar date written YYYY-MM-DD that exists (no 30 February). */
  date(required = true): string | undefined {
    if (!this.present) return required ? this.missing('a date, YYYY-MM-DD') : undefined;
    const node = this.node;
    // The yaml library may read an unquoted date as a string or as a Date, depending on schema: normalise first.
    const raw = isScalar(node) ? (node.source ?? String(node.value)) : undefined;
    const v = typeof raw === 'string' ? raw.trim() : '';
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    if (!m) return this.fail(`expected a date written YYYY-MM-DD, found ${JSON.stringify(v)}`, 'for example 2024-11-06');
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const dt = new Date(Date.UTC(y, mo - 1, d));
    if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) {
      return this.fail(`impossible date ${v}`, `month ${mo} has no day ${d}`);
    }
    return v;
  }

  year(required = true): number | undefined {
    if (!this.present) return required ? this.missing('a year') : undefined;
    const n = this.int(required, 1);
    if (n !== undefined && (n < 1000 || n > 2999)) return this.fail(`expected a four-digit year, found ${n}`);
    return n;
  }

  /** One of a fixed set of words. */
  oneOf<const T extends string>(choices: readonly T[], required = true): T | undefined {
    const s = this.str(required);
    if (s === undefined) return undefined;
    if ((choices as readonly string[]).includes(s)) return s as T;
    const near = closest(s, choices, 3);
    return this.fail(`'${s}' is not one of ${choices.join(', ')}`, near ? `did you mean '${near}'?` : undefined);
  }

  /** A slug id: lower-case ASCII letters, digits and hyphens. */
  id(required = true): string | undefined {
    const s = this.str(required);
    if (s === undefined) return undefined;
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(s)) {
      const fixed = s.toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
      return this.fail(`'${s}' is not a valid id (lower-case letters, digits and single hyphens)`, `try '${fixed}'`);
    }
    return s;
  }
}

export interface ParsedFile {
  readonly root: Value;
  readonly file: string;
}

/** Parses one YAML file; syntax errors are reported with their line and the file yields no root. */
export function readYaml(file: string, text: string, issues: Issues): ParsedFile | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, strict: true, version: '1.2' });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const { line, col } = lc.linePos(e.pos[0]);
      const first = e.message.split('\n')[0] ?? e.message;
      issues.add({ file, line, col, path: '', reason: `malformed YAML: ${first}`, hint: 'check the indentation and quoting on this line' });
    }
    return undefined;
  }
  for (const w of doc.warnings) {
    const { line, col } = lc.linePos(w.pos[0]);
    issues.add({ file, line, col, path: '', reason: `YAML: ${w.message.split('\n')[0] ?? w.message}` });
  }
  const ctx: Ctx = { file, lc, issues };
  return { root: new Value(ctx, doc.contents as YamlNode | null, '', 0), file };
}
