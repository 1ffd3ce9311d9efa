// Errors in the curated facts: each says which file, which line, what is wrong and how to fix it.

export interface Position {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export interface FactIssue extends Position {
  /** Where in the file's structure, e.g. `participants[3].state`. */
  readonly path: string;
  readonly reason: string;
  readonly hint?: string;
}

export function formatIssue(i: FactIssue): string {
  const where = `${i.file}:${i.line}:${i.col}`;
  const path = i.path ? `${i.path}: ` : '';
  return `${where}: ${path}${i.reason}${i.hint ? ` (hint: ${i.hint})` : ''}`;
}

/** Thrown when the facts cannot be built; carries every issue found, in file and line order. */
export class FactsError extends Error {
  readonly issues: readonly FactIssue[];
  constructor(issues: readonly FactIssue[]) {
    const sorted = [...issues].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
    super(`${sorted.length} problem${sorted.length === 1 ? '' : 's'} in the facts:\n${sorted.map(formatIssue).join('\n')}`);
    this.name = 'FactsError';
    this.issues = sorted;
  }
}
