// Checks a query's text against the limits that protect the store, before it reaches a worker: how deeply it nests.
// Oxigraph's WebAssembly parser and evaluator recurse once per level of the query's structure; past a few hundred
// levels its stack overflows, which corrupts the worker's memory ("memory access out of bounds" on every later query).
import { QueryError } from './errors.js';

/** Where a query reaches its greatest nesting, and how deep that is. */
export interface Depth {
  readonly depth: number;
  /** 1-based position of the token that reached it. */
  readonly line: number;
  readonly column: number;
}

// Keywords whose clause the store evaluates as one more operation around what came before it in the group.
const CHAINING = new Set(['OPTIONAL', 'MINUS', 'UNION', 'FILTER', 'BIND', 'VALUES', 'GRAPH', 'SERVICE', 'EXISTS']);
// A character that cannot occur inside an IRI reference: '<' followed by one of these is the less-than operator.
const IRI_STOP = new Set(['<', '"', '{', '}', '|', '^', '`', '\\', ' ', '\t', '\n', '\r']);

function isWordChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) ||
    code === 0x5f /* _ */ || code === 0x2d /* - */ || code === 0x3a /* : */ || code === 0x25 /* % */ || code === 0x5c /* \ */ || code >= 0xb7
  );
}

/**
 * The nesting depth of a query, as the store will build it: each `{`, `(` or `[` opens a level; within a level each
 * triple pattern (`.`, `;`, `,` between them), each nested group or blank node, each OPTIONAL, MINUS, UNION, FILTER,
 * BIND, VALUES, GRAPH, SERVICE or EXISTS and each `|`, `/`, `||`, `&&`, `+`, `*`, `-` adds one, because the store
 * evaluates a group's parts as a chain of nested operations. Strings, IRIs and comments do not count. Linear in the
 * text's length; never throws.
 */
export function queryDepth(text: string): Depth {
  // For each open level: how many items it holds so far, and whether it is a group (where . ; , separate patterns).
  const counts: number[] = [];
  const groups: boolean[] = [];
  let current = 0;
  let max = 0;
  let maxAt = 0;
  const n = text.length;
  let i = 0;
  const reach = (at: number): void => {
    if (current > max) {
      max = current;
      maxAt = at;
    }
  };
  const item = (at: number): void => {
    if (counts.length === 0) return;
    counts[counts.length - 1] = (counts[counts.length - 1] as number) + 1;
    current++;
    reach(at);
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    // whitespace
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
      continue;
    }
    const ch = text[i] as string;
    if (ch === '#') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const long = text.startsWith(ch.repeat(3), i);
      const close = long ? ch.repeat(3) : ch;
      let j = i + close.length;
      while (j < n && !text.startsWith(close, j)) j += text[j] === '\\' ? 2 : 1;
      i = j + close.length;
      continue;
    }
    if (ch === '<') {
      let j = i + 1;
      while (j < n && !IRI_STOP.has(text[j] as string) && text[j] !== '>') j++;
      if (text[j] === '>') {
        i = j + 1; // an IRI
        continue;
      }
      i++; // the less-than operator
      continue;
    }
    if (ch === '?' || ch === '$') {
      i++;
      while (i < n && isWordChar(text.charCodeAt(i)) && text[i] !== ':' && text[i] !== '-') i++;
      continue;
    }
    if (ch === '{' || ch === '(' || ch === '[') {
      // A nested group or blank node is one more part of the group around it; a parenthesis is not (arguments, brackets).
      if (ch !== '(') item(i);
      counts.push(0);
      groups.push(ch !== '(');
      current++;
      reach(i);
      i++;
      continue;
    }
    if (ch === '}' || ch === ')' || ch === ']') {
      if (counts.length > 0) {
        current -= 1 + (counts.pop() as number);
        groups.pop();
      }
      i++;
      continue;
    }
    if (ch === '.' || ch === ';' || ch === ',') {
      // Separators of triple patterns inside a group (a comma inside parentheses separates arguments).
      if (groups[groups.length - 1] === true) item(i);
      i++;
      continue;
    }
    if (ch === '|' || ch === '&') {
      item(i);
      i += text[i + 1] === ch ? 2 : 1;
      continue;
    }
    if (ch === '/' || ch === '+' || ch === '*' || ch === '-') {
      item(i);
      i++;
      continue;
    }
    if (isWordChar(c)) {
      let j = i + 1;
      while (j < n && (isWordChar(text.charCodeAt(j)) || text[j] === '.')) j++;
      while (j > i + 1 && text[j - 1] === '.') j--; // a name never ends with '.': that ends a triple
      const word = text.slice(i, j);
      if (word.length <= 8 && CHAINING.has(word.toUpperCase())) item(i);
      i = j;
      continue;
    }
    i++;
  }
  const before = text.slice(0, maxAt).split('\n');
  return { depth: max, line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

/** Refuses (400, code `too-deep`) a query that nests deeper than `max`; the message gives the depth, where, and the limit. */
export function checkDepth(text: string, max: number): void {
  const d = queryDepth(text);
  if (d.depth <= max) return;
  throw new QueryError({
    status: 400,
    code: 'too-deep',
    message:
      `the query nests too deeply: depth ${d.depth} at line ${d.line}, column ${d.column}, where at most ${max} is accepted (QUERY_MAX_DEPTH=${max}). ` +
      'Each {, ( or [ opens a level, and each triple pattern, nested group, OPTIONAL, MINUS, UNION, FILTER, BIND, VALUES, GRAPH, ' +
      'SERVICE, EXISTS or operator (| / || && + - *) inside a level adds one, as the store evaluates them nested; split the query or flatten it',
    line: d.line,
    column: d.column,
  });
}
