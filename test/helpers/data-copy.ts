// Copies the real data folder into a temporary one, optionally editing a file, so a test can break one thing at a time.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DataCopy {
  readonly root: string;
  readonly dataDir: string;
  edit(file: string, change: (text: string) => string): Promise<void>;
  write(file: string, text: string): Promise<void>;
  remove(): Promise<void>;
}

export async function copyData(): Promise<DataCopy> {
  const root = await mkdtemp(join(tmpdir(), 'ots-kg-data-'));
  const dataDir = join(root, 'data');
  await cp('data', dataDir, { recursive: true });
  return {
    root,
    dataDir,
    async edit(file, change) {
      const p = join(dataDir, file);
      const before = await readFile(p, 'utf8');
      const after = change(before);
      if (after === before) throw new Error(`test edit changed nothing in ${file}`);
      await writeFile(p, after);
    },
    async write(file, text) {
      await writeFile(join(dataDir, file), text);
    },
    async remove() {
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The 1-based line of the first occurrence of `needle` in `text`. */
export function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`not found: ${needle}`);
  return text.slice(0, i).split('\n').length;
}
