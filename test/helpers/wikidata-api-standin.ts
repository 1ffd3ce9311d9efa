// A stand-in for Wikidata's action API on 127.0.0.1: answers wbgetentities and wbsearchentities in their documented
// JSON format (entities keyed by ID, `missing: ""` for a deleted item, `redirects: { from, to }` for a merged one;
// `search: [{ id, label, description, match }]`), from items a test gives it. The items are test data, not
// statements about Wikidata.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInItem {
  readonly labels?: Record<string, string>;
  readonly aliases?: Record<string, string[]>;
  readonly descriptions?: Record<string, string>;
  /** Property -> item IDs (or strings, for P973). */
  readonly claims?: Record<string, string[]>;
}

export interface WikidataApiStandIn {
  /** The action API's URL, for WIKIDATA_API. */
  readonly url: string;
  readonly requests: { readonly params: URLSearchParams; readonly headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export interface StandInOptions {
  readonly items: Record<string, StandInItem>;
  /** Redirects: old ID -> the ID it was merged into. */
  readonly redirects?: Record<string, string>;
  /** Search text (lower case) -> IDs found, in order. */
  readonly search?: Record<string, string[]>;
  /** Answer every request with this body instead (e.g. an API error object). */
  readonly answer?: unknown;
}

function entityJson(id: string, item: StandInItem, languages: readonly string[] | undefined) {
  const pick = <T>(m: Record<string, T> | undefined): [string, T][] => Object.entries(m ?? {}).filter(([l]) => !languages || languages.includes(l));
  return {
    type: 'item',
    id,
    labels: Object.fromEntries(pick(item.labels).map(([l, v]) => [l, { language: l, value: v }])),
    descriptions: Object.fromEntries(pick(item.descriptions).map(([l, v]) => [l, { language: l, value: v }])),
    aliases: Object.fromEntries(pick(item.aliases).map(([l, vs]) => [l, vs.map((v) => ({ language: l, value: v }))])),
    claims: Object.fromEntries(
      Object.entries(item.claims ?? {}).map(([p, vs]) => [
        p,
        vs.map((v, i) => ({
          mainsnak: {
            snaktype: 'value',
            property: p,
            datavalue: /^Q\d+$/.test(v) ? { value: { 'entity-type': 'item', 'numeric-id': Number(v.slice(1)), id: v }, type: 'wikibase-entityid' } : { value: v, type: 'string' },
            datatype: /^Q\d+$/.test(v) ? 'wikibase-item' : 'url',
          },
          type: 'statement',
          id: `${id}$${p}-${i}`,
          rank: 'normal',
        })),
      ]),
    ),
  };
}

export async function wikidataApiStandIn(opts: StandInOptions): Promise<WikidataApiStandIn> {
  const requests: WikidataApiStandIn['requests'][number][] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ params: url.searchParams, headers: req.headers });
    const send = (body: unknown): void => {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    };
    if (opts.answer !== undefined) return send(opts.answer);
    if (url.pathname !== '/w/api.php' || url.searchParams.get('format') !== 'json') {
      res.writeHead(404).end();
      return;
    }
    const action = url.searchParams.get('action');
    if (action === 'wbgetentities') {
      const ids = (url.searchParams.get('ids') ?? '').split('|');
      if (ids.length > 50) return send({ error: { code: 'too-many-ids', info: 'at most 50 IDs' } });
      const languages = url.searchParams.get('languages')?.split('|');
      const entities: Record<string, unknown> = {};
      for (const id of ids) {
        const to = opts.redirects?.[id];
        const item = opts.items[to ?? id];
        if (to && item) entities[to] = { ...entityJson(to, item, languages), redirects: { from: id, to } };
        else if (item) entities[id] = entityJson(id, item, languages);
        else entities[id] = { id, missing: '' };
      }
      return send({ entities, success: 1 });
    }
    if (action === 'wbsearchentities') {
      const text = (url.searchParams.get('search') ?? '').toLowerCase();
      const limit = Number(url.searchParams.get('limit') ?? '7');
      const found = (opts.search?.[text] ?? []).slice(0, limit);
      return send({
        searchinfo: { search: text },
        search: found.map((id) => {
          const item = opts.items[id] ?? {};
          const label = item.labels?.en ?? '';
          return { id, title: id, pageid: 1, concepturi: `http://www.wikidata.org/entity/${id}`, url: `//www.wikidata.org/wiki/${id}`, label, description: item.descriptions?.en ?? '', match: { type: 'label', language: 'en', text: label } };
        }),
        success: 1,
      });
    }
    send({ error: { code: 'badvalue', info: `Unrecognized value for parameter "action": ${action ?? ''}` } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/w/api.php`, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}
