// A reader over a parsed YAML file that knows each value's file, line and path. Two modes: a fast one over plain
// values (js-yaml), used for every build, and a precise one over the yaml library's syntax tree, used to report
// problems with their lines once the fast pass has found any.
import * as jsyaml from 'js-yaml';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { FactIssue, Position } from './errors.js';
import { closest } from './text.js';

export class Issues {
  readonly list: FactIssue[] = [];
  private readonly seen = new Set<string>();
  /** Records a problem; the same problem at the same place (a name read twice, say) is recorded once. */
  add(issue: FactIssue): void {
    const key = [issue.file, issue.line, issue.col, issue.path, issue.reason].join('\u0000');
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(issue);
  }
  get size(): number {
    return this.list.length;
  }
}

interface Ctx {
  readonly file: string;
  /** Fast mode: the 1-based line each parsed mapping or list starts on. */
  readonly lines?: WeakMap<object, number>;
  /** Present in precise mode: nodes are yaml syntax-tree nodes. Absent in fast mode: nodes are plain values. */
  readonly lc?: LineCounter;
  readonly issues: Issues;
}

type Plain = string | number | boolean | null | Plain[] | { [k: string]: Plain };
const isPlainMap = (v: unknown): v is Record<string, Plain> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One value in a YAML file (possibly absent), with enough context to report problems about it. */
export class Value {
  constructor(
    private readonly ctx: Ctx,
    readonly node: unknown,
    readonly path: string,
    /** Offset to report when the node is absent (the parent's position). */
    private readonly fallbackOffset: number,
  ) {}

  private get precise(): boolean {
    return this.ctx.lc !== undefined;
  }

  private get yamlNode(): YamlNode | undefined {
    return this.precise ? ((this.node ?? undefined) as YamlNode | undefined) : undefined;
  }

  get present(): boolean {
    if (this.node === undefined || this.node === null) return false;
    return !(this.precise && isScalar(this.node) && this.node.value === null);
  }

  /** File, line and column; in fast mode the line is 0 (the precise pass supplies it). */
  get position(): Position {
    if (!this.ctx.lc) {
      // Fast mode knows where mappings and lists start; a scalar takes its parent's line (fallbackOffset).
      const line = typeof this.node === 'object' && this.node !== null ? this.ctx.lines?.get(this.node) : undefined;
      return { file: this.ctx.file, line: line ?? this.fallbackOffset, col: 1 };
    }
    const offset = this.yamlNode?.range?.[0] ?? this.fallbackOffset;
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
    if (!this.precise) {
      const child = isPlainMap(this.node) && Object.prototype.hasOwnProperty.call(this.node, key) ? this.node[key] : undefined;
      return new Value(this.ctx, child, path, this.position.line);
    }
    const offset = this.yamlNode?.range?.[0] ?? this.fallbackOffset;
    if (!isMap(this.node)) return new Value(this.ctx, undefined, path, offset);
    const pair = this.node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    const child = pair?.value as YamlNode | null | undefined;
    return new Value(this.ctx, child, path, (pair?.key as YamlNode | undefined)?.range?.[0] ?? offset);
  }

  private mapKeys(): Array<{ key: string; at: unknown }> {
    if (!this.precise) return isPlainMap(this.node) ? Object.keys(this.node).map((key) => ({ key, at: undefined })) : [];
    if (!isMap(this.node)) return [];
    return this.node.items.map((pair) => ({ key: isScalar(pair.key) ? String(pair.key.value) : '', at: pair.key }));
  }

  /** Reports keys not in `allowed` (with a did-you-mean), so a misspelt field is never silently ignored. */
  keys(allowed: readonly string[]): this {
    for (const { key, at: keyNode } of this.mapKeys()) {
      if (allowed.includes(key)) continue;
      const near = closest(key, allowed, 2);
      const at = new Value(this.ctx, keyNode, this.path ? `${this.path}.${key}` : key, this.fallbackOffset);
      at.fail(`unknown field '${key}'`, near ? `did you mean '${near}'?` : `allowed here: ${allowed.join(', ')}`);
    }
    return this;
  }

  isMap(): boolean {
    return this.precise ? isMap(this.node) : isPlainMap(this.node);
  }

  isList(): boolean {
    return this.precise ? isSeq(this.node) : Array.isArray(this.node);
  }

  private isScalarNode(): boolean {
    return this.precise ? isScalar(this.node) : !isPlainMap(this.node) && !Array.isArray(this.node);
  }

  /** Requires a mapping; reports and returns false otherwise. */
  mapping(required = true): boolean {
    if (!this.present) {
      if (required) this.missing('a mapping');
      return false;
    }
    if (!this.isMap()) {
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
    if (!this.isList()) {
      this.fail('expected a list', "start each item with '- '");
      return [];
    }
    if (!this.precise) {
      const line = this.position.line;
      return (this.node as Plain[]).map((n, i) => new Value(this.ctx, n, `${this.path}[${i}]`, line));
    }
    const seq = this.node as { items: unknown[]; range?: [number, number, number] };
    const start = seq.range?.[0] ?? this.fallbackOffset;
    return seq.items.map((n, i) => new Value(this.ctx, n, `${this.path}[${i}]`, start));
  }

  /** A list of strings, also accepting a single string. */
  strings(required = false): string[] {
    if (this.present && this.isScalarNode()) {
      const s = this.str();
      return s === undefined ? [] : [s];
    }
    return this.items(required)
      .map((v) => v.str())
      .filter((s): s is string => s !== undefined);
  }

  private scalar(): unknown {
    if (!this.precise) return this.isScalarNode() ? this.node : undefined;
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

  /** True when the value is written as a number, such as a year. */
  isNumber(): boolean {
    return this.present && typeof this.scalar() === 'number';
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
    // Read the date as written: both parsers run a schema without timestamps, so it arrives as text.
    const raw = this.precise ? (isScalar(node) ? (node.source ?? String(node.value)) : undefined) : typeof node === 'string' || typeof node === 'number' ? String(node) : undefined;
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

/** Fast mode: plain values from js-yaml (core schema, no timestamps). Any problem it meets is re-read precisely. */
export function readYamlFast(file: string, text: string, issues: Issues): ParsedFile | undefined {
  let data: unknown;
  const lines = new WeakMap<object, number>();
  const open: Array<{ line: number; first?: number }> = [];
  // js-yaml reports where each node opens and what it produced when it closes. A mapping or list is placed on the
  // line of its first entry (a block mapping opens on its parent key's line), as the precise reader places it.
  const listener = (event: string, state: { line: number; result: unknown }): void => {
    if (event === 'open') {
      const top = open[open.length - 1];
      if (top && top.first === undefined) top.first = state.line + 1;
      open.push({ line: state.line + 1 });
    } else {
      const entry = open.pop();
      if (entry && typeof state.result === 'object' && state.result !== null && !lines.has(state.result)) lines.set(state.result, entry.first ?? entry.line);
    }
  };
  try {
    data = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, filename: file, listener } as jsyaml.LoadOptions);
  } catch (e) {
    issues.add({ file, line: 0, col: 0, path: '', reason: `malformed YAML: ${(e as Error).message.split('\n')[0] ?? ''}` });
    return undefined;
  }
  return { root: new Value({ file, issues, lines }, data, '', 1), file };
}

/** Precise mode: parses one YAML file keeping positions; syntax errors are reported with their line. */
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
