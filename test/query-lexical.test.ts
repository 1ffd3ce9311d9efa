import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { typedLiteralsOf, typedLiteralsOfBytes } from '../src/query/lexical.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';

describe('typed literals found in N-Quads bytes', () => {
  it('are those the text scan finds, escaped quotes and backslashes included', () => {
    const text = [
      `<http://x/a> <http://x/p> "a \\"b\\"^^<${XSD}int> c"^^<${XSD}integer> .`,
      `<http://x/a> <http://x/p> "\\\\"^^<${XSD}decimal> <http://x/g> .`,
      `<http://x/a> <http://x/p> "ü 1.0E6"^^<${XSD}double> .`,
      `<http://x/a> <http://x/p> "plain"^^<${XSD}string> .`,
      `<http://x/a> <http://x/p> "other"^^<http://x/type> .`,
      `<http://x/a> <http://x/p> "x"@en .`,
      '',
    ].join('\n');
    const bytes = typedLiteralsOfBytes(Buffer.from(text), new Set());
    expect([...bytes].sort()).toEqual([...typedLiteralsOf(text, new Set())].sort());
    expect([...bytes].sort()).toEqual([`\\\\\u0000${XSD}decimal`, `a \\"b\\"^^<${XSD}int> c\u0000${XSD}integer`, `ü 1.0E6\u0000${XSD}double`].sort());
  });

  it('are those the text scan finds in the data of a summit', () => {
    const text = readFileSync('test/fixtures/query/summit.nq', 'utf8');
    expect([...typedLiteralsOfBytes(Buffer.from(text), new Set())].sort()).toEqual([...typedLiteralsOf(text, new Set())].sort());
  });
});
