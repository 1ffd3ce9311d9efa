// Wikidata's own labels of the linked items, as `ots-kg links verify --save-labels` last read them: a file a curator
// commits (data/wikidata-labels.json), copied by the build into the dumps, and shown beside our labels on /wikidata/.
// The server never asks Wikidata while it serves; this file is how the two labels meet there.

export const LABELS_DATA_FILE = 'wikidata-labels.json';
export const LABELS_DUMP_FILE = 'ots-kg-wikidata-labels.json';

export interface WikidataLabels {
  /** The day Wikidata was read (YYYY-MM-DD). */
  readonly retrieved: string;
  /** The API that was read. */
  readonly source: string;
  /** For each linked item (as we link it): its labels by language, and the item it was merged into, if it was. */
  readonly items: Readonly<Record<string, { readonly labels: Readonly<Record<string, string>>; readonly redirectedTo?: string }>>;
}

export class LabelsFileError extends Error {
  constructor(
    file: string,
    readonly what: string,
  ) {
    super(`${file}: ${what} (it is written by 'ots-kg links verify --save-labels'; run that again, or delete the file)`);
    this.name = 'LabelsFileError';
  }
}

const QID = /^Q[1-9]\d*$/;

/** Reads and checks the file's text; a LabelsFileError says what is wrong. */
export function parseLabels(text: string, file: string): WikidataLabels {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new LabelsFileError(file, `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const obj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!obj(v)) throw new LabelsFileError(file, 'expected a JSON object with retrieved, source and items');
  if (typeof v.retrieved !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v.retrieved)) throw new LabelsFileError(file, '"retrieved" must be a date, YYYY-MM-DD');
  if (typeof v.source !== 'string') throw new LabelsFileError(file, '"source" must be the URL of the API that was read');
  if (!obj(v.items)) throw new LabelsFileError(file, '"items" must be an object of Wikidata IDs');
  const items: Record<string, { labels: Record<string, string>; redirectedTo?: string }> = {};
  for (const [q, item] of Object.entries(v.items)) {
    if (!QID.test(q)) throw new LabelsFileError(file, `"${q}" is not a Wikidata item ID (Q followed by digits)`);
    if (!obj(item) || !obj(item.labels)) throw new LabelsFileError(file, `${q} must have "labels", an object of labels by language`);
    const labels: Record<string, string> = {};
    for (const [lang, l] of Object.entries(item.labels)) {
      if (!/^[a-z]{2,3}(-[a-z0-9]+)*$/.test(lang) || typeof l !== 'string') throw new LabelsFileError(file, `${q}: the label ${JSON.stringify(lang)} must be text under a language code`);
      labels[lang] = l;
    }
    if (item.redirectedTo !== undefined && (typeof item.redirectedTo !== 'string' || !QID.test(item.redirectedTo))) throw new LabelsFileError(file, `${q}: "redirectedTo" must be a Wikidata item ID`);
    items[q] = { labels, ...(typeof item.redirectedTo === 'string' ? { redirectedTo: item.redirectedTo } : {}) };
  }
  return { retrieved: v.retrieved, source: v.source, items };
}

/** The file's text: keys sorted, so the same labels give the same bytes. */
export function labelsText(l: WikidataLabels): string {
  const items = Object.fromEntries(
    Object.keys(l.items)
      .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
      .map((q) => {
        const item = l.items[q] ?? { labels: {} };
        const labels = Object.fromEntries(Object.keys(item.labels).sort().map((lang) => [lang, item.labels[lang] ?? '']));
        return [q, { labels, ...(item.redirectedTo ? { redirectedTo: item.redirectedTo } : {}) }];
      }),
  );
  return `${JSON.stringify({ retrieved: l.retrieved, source: l.source, items }, null, 2)}\n`;
}
