// The plan of a plain SELECT or ASK read off its tokens, without a full parse: Comunica's parser spends 0.3-4 ms on a
// query the store parses again anyway, while the plan Comunica needs for a whole-query source is only the form and the
// projected variables. Anything that is not plainly such a query gets no quick plan and goes through the full parse.

/** What the engine needs to hand a query whole to the store: its form and (for SELECT) its projection, in order. */
export interface QuickPlan {
  readonly form: 'select' | 'ask';
  readonly variables: readonly string[];
}

/** A token of the text, with where it starts and ends in it. */
type Token = { readonly kind: 'iri' | 'string' | 'var' | 'word' | 'punct'; readonly text: string; readonly start: number; readonly end: number };

// Keywords that need the full parse: federation (the allowlist check), updates, the forms other than SELECT and ASK,
// a dataset clause (the protocol's dataset replaces it), and the features where the store departs from SPARQL 1.1.
const FULL_PARSE = new Set([
  'SERVICE', 'MINUS', 'GROUP_CONCAT', 'BNODE', 'DESCRIBE', 'CONSTRUCT', 'FROM', 'NAMED',
  'INSERT', 'DELETE', 'LOAD', 'CLEAR', 'CREATE', 'DROP', 'ADD', 'MOVE', 'COPY', 'WITH', 'USING', 'DATA', 'VERSION',
]);

const IRI_STOP = new Set(['<', '>', '"', '{', '}', '|', '^', '`', '\\']);

/** A character of a variable's name: A-Z, a-z, 0-9, '_', U+00B7 or U+00C0 and above (read by code, not by a pattern: the reader visits every character). */
function isVarChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0xb7 || code >= 0xc0;
}

/** A character of a name (prefixed name, keyword, number): those of a variable's name and '-', '.', ':', '%', '\\'. */
function isNameCode(code: number): boolean {
  return isVarChar(code) || code === 0x2d || code === 0x2e || code === 0x3a || code === 0x25 || code === 0x5c;
}

function isNameChar(c: string): boolean {
  return isNameCode(c.charCodeAt(0));
}

/** The query's tokens, or undefined when the text holds something this reader does not take (left to the full parse). */
function tokenize(text: string): Token[] | undefined {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '#') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '<') {
      // An IRI when it closes before any character an IRI cannot hold; else the less-than operator.
      let j = i + 1;
      while (j < n && !IRI_STOP.has(text[j] as string) && (text.charCodeAt(j) > 0x20)) j++;
      if (text[j] === '>') {
        out.push({ kind: 'iri', text: text.slice(i, j + 1), start: i, end: j + 1 });
        i = j + 1;
      } else {
        if (text[i + 1] === '<') return undefined; // a triple term or reified triple (SPARQL 1.2)
        out.push({ kind: 'punct', text: c, start: i, end: i + 1 });
        i++;
      }
    } else if (c === '"' || c === "'") {
      const long = text.startsWith(c.repeat(3), i);
      const close = long ? c.repeat(3) : c;
      let j = i + close.length;
      for (;;) {
        if (j >= n) return undefined;
        const d = text[j] as string;
        if (d === '\\') j += 2;
        else if (text.startsWith(close, j)) break;
        else if (!long && (d === '\n' || d === '\r')) return undefined;
        else j++;
      }
      out.push({ kind: 'string', text: text.slice(i, j + close.length), start: i, end: j + close.length });
      i = j + close.length;
    } else if (c === '?' || c === '$') {
      let j = i + 1;
      while (j < n && isVarChar(text.charCodeAt(j))) j++;
      // A lone '?' is the zero-or-one path, where the store departs from the specification.
      if (j === i + 1) return undefined;
      out.push({ kind: 'var', text: text.slice(i + 1, j), start: i, end: j });
      i = j;
    } else if ((isNameChar(c) && c !== '.') || c === '@') {
      let j = i + 1;
      while (j < n && isNameCode(text.charCodeAt(j))) j++;
      // A name never ends with '.': that is the end of a triple.
      while (j > i + 1 && text[j - 1] === '.') j--;
      out.push({ kind: 'word', text: text.slice(i, j), start: i, end: j });
      i = j;
    } else {
      if (c === '~' || (c === '{' && text[i + 1] === '|') || (c === '>' && text[i + 1] === '>')) return undefined; // SPARQL 1.2 annotations
      out.push({ kind: 'punct', text: c, start: i, end: i + 1 });
      i++;
    }
  }
  return out;
}

function upper(t: Token | undefined): string {
  return t?.kind === 'word' ? t.text.toUpperCase() : '';
}

// Checked on the raw text before any tokenizing, so that no reading of the tokens can miss them: the word SERVICE in
// any case, glued to any punctuation or inside a comment or string (a false alarm only costs the full parse), and
// \u / \U escapes, which a parser may read as any character.
const RAW_FULL_PARSE = /service|\\u|\\U/i;

/**
 * The tokens of a text whose words need no full parse (FULL_PARSE, less the keywords in `allowed`, which are counted),
 * and the index of its first token after the prologue; undefined when something needs the full parse.
 */
function scan(text: string, allowed: ReadonlySet<string> = new Set()): { tokens: Token[]; start: number; counts: Map<string, number> } | undefined {
  if (RAW_FULL_PARSE.test(text)) return undefined;
  const tokens = tokenize(text);
  if (!tokens) return undefined;
  const counts = new Map<string, number>();
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    const kw = upper(t);
    if (allowed.has(kw)) counts.set(kw, (counts.get(kw) ?? 0) + 1);
    else if (t.kind === 'word' && FULL_PARSE.has(kw)) return undefined;
    // '*' is taken only in COUNT(*) / COUNT(DISTINCT *); elsewhere it is SELECT *, a product or the zero-or-more path.
    if (t.kind === 'punct' && t.text === '*') {
      const before = tokens[k - 1];
      const after = tokens[k + 1];
      if (!(after?.text === ')' && (before?.text === '(' || upper(before) === 'DISTINCT'))) return undefined;
    }
  }
  // The prologue: BASE <iri> and PREFIX p: <iri>.
  let k = 0;
  for (;;) {
    const kw = upper(tokens[k]);
    if (kw === 'BASE' && tokens[k + 1]?.kind === 'iri') k += 2;
    else if (kw === 'PREFIX' && tokens[k + 1]?.kind === 'word' && tokens[k + 1]?.text.endsWith(':') && tokens[k + 2]?.kind === 'iri') k += 3;
    else break;
  }
  return { tokens, start: k, counts };
}

/** The quick plan of a query, or undefined when it needs the full parse (see FULL_PARSE, SELECT *, zero-length paths). */
export function quickPlan(text: string): QuickPlan | undefined {
  const scanned = scan(text);
  if (!scanned) return undefined;
  const { tokens } = scanned;
  let k = scanned.start;
  const form = upper(tokens[k]);
  if (form === 'ASK') return { form: 'ask', variables: [] };
  if (form !== 'SELECT') return undefined;
  k++;
  if (upper(tokens[k]) === 'DISTINCT' || upper(tokens[k]) === 'REDUCED') k++;
  const p = projection(tokens, k, false);
  if (!p || p.variables.length === 0) return undefined;
  return { form: 'select', variables: p.variables };
}

type ConcatAt = { distinct: boolean; v: Token; x: Token; last: number };

/**
 * The projected variables of the SELECT clause starting at tokens[k], in order, up to its pattern; with `concats`,
 * also the `(GROUP_CONCAT(...) AS ?x)` expressions found in it (concatAt). Undefined when the clause holds anything
 * else (left to the full parser), a variable twice, or no pattern follows.
 */
function projection(tokens: readonly Token[], k: number, concats: boolean): { variables: string[]; found: ConcatAt[] } | undefined {
  const variables: string[] = [];
  const found: ConcatAt[] = [];
  let depth = 0;
  for (; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (depth === 0 && (t.text === '{' || upper(t) === 'WHERE')) break;
    const concat = concats && depth === 0 ? concatAt(tokens, k) : undefined;
    if (concat) {
      found.push(concat);
      variables.push(concat.x.text);
      k = concat.last;
    } else if (upper(t) === 'GROUP_CONCAT') return undefined; // inside another expression
    else if (t.kind === 'punct' && t.text === '(') depth++;
    else if (t.kind === 'punct' && t.text === ')') {
      if (--depth < 0) return undefined;
    } else if (t.kind === 'var' && depth === 0) variables.push(t.text);
    else if (depth === 1 && upper(t) === 'AS' && tokens[k + 1]?.kind === 'var' && tokens[k + 2]?.text === ')') variables.push((tokens[k + 1] as Token).text);
    else if (depth === 0) return undefined; // anything else in the projection is for the full parser to judge
  }
  if (k >= tokens.length || new Set(variables).size !== variables.length) return undefined;
  return { variables, found };
}

/** A SELECT whose only departure is GROUP_CONCAT over variables, rewritten for the store as group-concat.ts says. */
export interface QuickConcat extends QuickPlan {
  /** The text for the store: each GROUP_CONCAT over STR(?v), followed by its two hidden counts. */
  readonly text: string;
  readonly pairs: readonly (readonly [string, string])[];
  readonly hidden: ReadonlySet<string>;
}

/** `( GROUP_CONCAT ( [DISTINCT] ?v [; SEPARATOR = "s"] ) AS ?x )` at tokens[k]: the parts, or undefined. */
function concatAt(tokens: readonly Token[], k: number): ConcatAt | undefined {
  let i = k;
  const at = (text: string): boolean => (tokens[i]?.kind === 'punct' && tokens[i]?.text === text) || upper(tokens[i]) === text;
  if (!at('(')) return undefined;
  i++;
  if (!at('GROUP_CONCAT')) return undefined;
  i++;
  if (!at('(')) return undefined;
  i++;
  const distinct = at('DISTINCT');
  if (distinct) i++;
  const v = tokens[i];
  if (v?.kind !== 'var') return undefined;
  i++;
  if (at(';')) {
    if (upper(tokens[i + 1]) !== 'SEPARATOR' || tokens[i + 2]?.text !== '=' || tokens[i + 3]?.kind !== 'string') return undefined;
    i += 4;
  }
  if (!at(')')) return undefined;
  i++;
  if (!at('AS')) return undefined;
  i++;
  const x = tokens[i];
  if (x?.kind !== 'var') return undefined;
  i++;
  if (!at(')')) return undefined;
  return { distinct, v, x, last: i };
}

/**
 * The store's text for a SELECT whose only feature needing more than the store is GROUP_CONCAT, each written as
 * `(GROUP_CONCAT([DISTINCT] ?v [; SEPARATOR="s"]) AS ?x)` in the projection of the query's only SELECT (no DISTINCT
 * or REDUCED there), read off its tokens like quickPlan: the GROUP_CONCAT is given STR(?v), and two hidden counts
 * follow it (see group-concat.ts for why their agreement makes the answer the specification's). Anything else is left
 * to the full parse, which may still rewrite the query from its algebra.
 */
const CONCAT_WORDS: ReadonlySet<string> = new Set(['GROUP_CONCAT', 'SELECT']);

export function quickConcat(text: string): QuickConcat | undefined {
  const scanned = scan(text, CONCAT_WORDS);
  if (!scanned) return undefined;
  const { tokens, counts } = scanned;
  const concats = counts.get('GROUP_CONCAT') ?? 0;
  if (concats === 0 || counts.get('SELECT') !== 1) return undefined;
  let k = scanned.start;
  if (upper(tokens[k]) !== 'SELECT') return undefined;
  k++;
  if (upper(tokens[k]) === 'DISTINCT' || upper(tokens[k]) === 'REDUCED') return undefined;
  const p = projection(tokens, k, true);
  // Every GROUP_CONCAT of the text is one of the projection's (none in HAVING or ORDER BY).
  if (!p || p.found.length !== concats) return undefined;
  const { variables, found } = p;
  const taken = new Set(tokens.filter((t) => t.kind === 'var').map((t) => t.text));
  const fresh = (base: string): string => {
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
    taken.add(name);
    return name;
  };
  const pairs: [string, string][] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  for (const { distinct, v, x, last } of found) {
    const asIs = fresh(`otskg_terms_${x.text}`);
    const asText = fresh(`otskg_texts_${x.text}`);
    const d = distinct ? 'DISTINCT ' : '';
    edits.push({ start: v.start, end: v.end, text: `STR(?${v.text})` });
    const after = (tokens[last] as Token).end;
    edits.push({ start: after, end: after, text: ` (COUNT(${d}?${v.text}) AS ?${asIs}) (COUNT(${d}STR(?${v.text})) AS ?${asText})` });
    pairs.push([asIs, asText]);
  }
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  out += text.slice(at);
  return { form: 'select', variables, text: out, pairs, hidden: new Set(pairs.flat()) };
}

// Keywords that make a group more than a lookup: more patterns than the ones written, or a nested evaluation.
const NOT_LOOKUP = new Set(['OPTIONAL', 'UNION', 'MINUS', 'GRAPH', 'VALUES', 'EXISTS', 'SELECT', 'FROM', 'BIND', 'GROUP', 'HAVING']);

/**
 * True when a query reads plainly as a lookup about given entities, so it can be taken as cheap before it was ever
 * measured: a quick-planned SELECT or ASK with one group of at most four triple patterns (FILTER allowed, no path
 * operators, no nested group), each with a constant subject or a subject bound by an earlier pattern's object, and no
 * more than one of them reading every triple of a subject (`<s> ?p ?o`). A cartesian product never reads so.
 */
export function isLookup(text: string): boolean {
  if (!quickPlan(text)) return false;
  const tokens = tokenize(text) as Token[];
  const open = tokens.findIndex((t) => t.text === '{');
  if (open < 0) return false;
  // The group: from its '{' to the matching '}', with no other '{' inside.
  let close = -1;
  for (let k = open + 1; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.kind === 'punct' && t.text === '{') return false;
    if (t.kind === 'punct' && t.text === '}') {
      close = k;
      break;
    }
  }
  if (close < 0) return false;
  // Everything after the group is a solution modifier (ORDER BY, LIMIT, OFFSET): no second group.
  if (tokens.slice(close + 1).some((t) => t.text === '{')) return false;
  const body = tokens.slice(open + 1, close);
  const patterns: Token[][] = [];
  let current: Token[] = [];
  let subject: Token | undefined;
  let predicate: Token | undefined;
  for (let k = 0; k < body.length; k++) {
    const t = body[k] as Token;
    const kw = upper(t);
    if (NOT_LOOKUP.has(kw)) return false;
    if (kw === 'FILTER') {
      // Skip the FILTER's parenthesised expression (EXISTS inside it was refused above).
      let depth = 0;
      for (k++; k < body.length; k++) {
        const u = body[k] as Token;
        if (u.text === '(') depth++;
        else if (u.text === ')' && --depth === 0) break;
      }
      continue;
    }
    if (t.kind === 'punct' && (t.text === '.' || t.text === ';' || t.text === ',')) {
      if (current.length > 0) {
        if (current.length !== 3) return false;
        patterns.push(current);
        subject = current[0];
        predicate = current[1];
      }
      // ';' keeps the subject, ',' the subject and the predicate.
      current = t.text === ';' && subject ? [subject] : t.text === ',' && subject && predicate ? [subject, predicate] : [];
      continue;
    }
    // Only plain terms: a '[', '(', path operator or anything else is not a lookup.
    if (t.kind === 'punct') return false;
    current.push(t);
    // A literal's language tag or datatype belongs to it.
    if (t.kind === 'string' && body[k + 1]?.kind === 'word' && body[k + 1]?.text.startsWith('@')) k++;
    else if (t.kind === 'string' && body[k + 1]?.text === '^' && body[k + 2]?.text === '^') k += 3;
  }
  if (current.length === 3) patterns.push(current);
  else if (current.length !== 0 && !(current.length === 1 && patterns.length > 0) && !(current.length === 2 && patterns.length > 0)) return false;
  if (patterns.length === 0 || patterns.length > 4) return false;
  const bound = new Set<string>();
  let readsAll = 0;
  for (const [s, p, o] of patterns as [Token, Token, Token][]) {
    const constant = s.kind === 'iri' || (s.kind === 'word' && s.text.includes(':') && !s.text.startsWith('_:'));
    if (!constant && !(s.kind === 'var' && bound.has(s.text))) return false;
    if (p.kind === 'var' && o.kind === 'var' && ++readsAll > 1) return false;
    if (o.kind === 'var') bound.add(o.text);
    if (p.kind === 'var') bound.add(p.text);
  }
  return true;
}

/**
 * The text of a SELECT query asking for at most `cap` solutions: its own LIMIT lowered to `cap`, or `LIMIT cap` added
 * after its solution modifiers. Undefined when the query asks for no more than `cap` already, and when the text cannot be
 * changed safely this way (a VALUES clause after the query's pattern, or a text this reader does not take): the caller
 * then sends it as it is. The rest of the text (prefixes, comments, spacing) is left as the client wrote it.
 */
export function limitText(text: string, cap: number): string | undefined {
  const tokens = tokenize(text);
  if (!tokens) return undefined;
  // The solution modifiers follow the pattern's closing brace: the last one at the outermost level.
  let depth = 0;
  let end = -1;
  let values = false;
  tokens.forEach((t, k) => {
    if (depth === 0 && upper(t) === 'VALUES') values = true;
    if (t.kind !== 'punct') return;
    if (t.text === '{') depth++;
    else if (t.text === '}' && --depth === 0) end = k;
  });
  // A VALUES clause after the pattern (the only one outside braces) would have to follow the LIMIT.
  if (end < 0 || depth !== 0 || values) return undefined;
  const after = tokens.slice(end + 1);
  const at = after.findIndex((t) => upper(t) === 'LIMIT');
  if (at < 0) return `${text}\nLIMIT ${cap}\n`;
  const n = after[at + 1];
  if (n?.kind !== 'word' || !/^\d+$/.test(n.text)) return undefined;
  if (Number(n.text) <= cap) return undefined;
  return `${text.slice(0, n.start)}${cap}${text.slice(n.end)}`;
}
