// `ots-kg links verify` and `links suggest` against a stand-in of Wikidata's action API on loopback: what they
// report for items that exist, were merged, were deleted, or do not fit; offline and API errors; nothing written.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadFacts } from '../src/facts/load.js';
import type { Entity } from '../src/facts/model.js';
import { LINKS_EXIT, runLinksCommand } from '../src/wikidata/cli.js';
import { KIND_CLASS } from '../src/wikidata/links.js';
import { wikidataApiStandIn, type StandInItem, type WikidataApiStandIn } from './helpers/wikidata-api-standin.js';
import { copyData } from './helpers/data-copy.js';
import { parseLabels } from '../src/wikidata/labels.js';
import { join } from 'node:path';
import { main } from '../src/cli.js';

const BASE = 'https://w3id.org/ots-kg/';
let entities: readonly Entity[];
let linked: (Entity & { wikidata: string })[];

beforeAll(async () => {
  entities = (await loadFacts({ dataDir: 'data' })).entities;
  linked = entities.filter((e): e is Entity & { wikidata: string } => e.wikidata !== undefined);
});

/** Items as the stand-in serves them: each linked entity's English name as label, the class its kind expects. */
function goodItems(): Record<string, StandInItem> {
  const items: Record<string, StandInItem> = {};
  for (const e of linked) {
    const cls = KIND_CLASS[e.kind];
    items[e.wikidata] = { labels: { en: e.name }, descriptions: { en: `test item for ${e.id}` }, claims: cls ? { P31: [cls] } : {} };
  }
  return items;
}

/** Runs `ots-kg links …` in-process; returns its exit code and what it printed. */
async function run(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const w = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    out += `${a.join(' ')}\n`;
  });
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    err += `${a.join(' ')}\n`;
  });
  try {
    const code = await runLinksCommand(args, { BASE_IRI: BASE, ...env });
    return { code, out, err };
  } finally {
    w.mockRestore();
    log.mockRestore();
    error.mockRestore();
  }
}

let standIn: WikidataApiStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

describe('links verify', () => {
  it('reports every link as existing, named and typed, exits 0, and identifies itself with a contact', async () => {
    standIn = await wikidataApiStandIn({ items: goodItems() });
    const ua = 'ots-kg-test/1 (https://example.org/ots-kg-contact)';
    const r = await run(['verify'], { WIKIDATA_API: standIn.url, USER_AGENT: ua });
    expect(r.err).toBe('');
    expect(r.code).toBe(LINKS_EXIT.ok);
    expect(linked.length).toBeGreaterThanOrEqual(19);
    for (const e of linked) expect(r.out).toMatch(new RegExp(`^${e.id} +${e.wikidata} +exists +.*English label`, 'm'));
    expect(r.out).toMatch(/^viktor-orban +Q57641 +exists +Viktor Orbán +English label +fits \(Q5\) +no$/m);
    expect(r.out).toMatch(/^ots +Q596850 +exists .* fits \(Q484652\)/m);
    expect(r.out).toContain(`${linked.length} links checked: every item exists`);
    expect(r.out).toContain(`${linked.length} linked items do not yet say 'described at URL' (P973)`);
    // One request for the items (at most 50 IDs each), one for their classes; every one with our User-Agent.
    expect(standIn.requests.length).toBe(2);
    for (const q of standIn.requests) {
      expect(q.headers['user-agent']).toBe(ua);
      expect(q.params.get('action')).toBe('wbgetentities');
      expect((q.params.get('ids') ?? '').split('|').length).toBeLessThanOrEqual(50);
    }
  });

  it('reports a merged item with its target, a deleted one, a wrong type and a name that matches nothing, and exits 1', async () => {
    const items = goodItems();
    const orban = items.Q57641;
    if (!orban) throw new Error('Q57641 is not linked in data/');
    // Test data: Q57641 merged into a made-up test ID; Q57530 deleted; Bishkek typed as a human; Kazakhstan under another name.
    items.Q999999901 = orban;
    delete items.Q57641;
    delete items.Q57530;
    items.Q9361 = { labels: { en: 'Bishkek' }, claims: { P31: ['Q5'] } };
    items.Q232 = { labels: { en: 'Republic of Somewhere' }, aliases: { en: ['Somewhere'] }, claims: { P31: ['Q6256'] } };
    standIn = await wikidataApiStandIn({ items, redirects: { Q57641: 'Q999999901' } });
    const r = await run(['verify'], { WIKIDATA_API: standIn.url });
    expect(r.code).toBe(LINKS_EXIT.problem);
    expect(r.out).toMatch(/^viktor-orban +Q57641 +redirected to Q999999901 +Viktor Orbán +English label/m);
    expect(r.out).toMatch(/^gurbanguly-berdimuhamedov +Q57530 +deleted +NO +not checked/m);
    expect(r.out).toMatch(/^bishkek +Q9361 +exists +Bishkek +English label +DIFFERS \(P31: Q5\)/m);
    expect(r.out).toMatch(/^kazakhstan +Q232 +exists +Republic of Somewhere +NO +fits \(Q6256\)/m);
    expect(r.out).toMatch(/4 with a problem/);
    expect(r.out).toMatch(/viktor-orban \(data\/entities\/people.yaml:\d+\): Q57641 was merged into Q999999901: link Q999999901 instead/);
    expect(r.out).toMatch(/gurbanguly-berdimuhamedov \(data\/entities\/history.yaml:\d+\): Q57530 is deleted/);
    expect(r.out).toMatch(/bishkek .*: Q9361 is an instance of Q5, not of Q515 as a city should be/);
    expect(r.out).toMatch(/kazakhstan .*: none of our names \(Kazakhstan.*\) is a label or alias of Q232/);
  });

  it('accepts an alias or a name in another language, a class reached through one subclass step, and sees P973 already there', async () => {
    const items = goodItems();
    // Test data: Kyrgyzstan labelled otherwise but with our other spelling as an alias, and typed by a made-up test
    // class that is a subclass of country; Orbán already described at our IRI.
    items.Q813 = { labels: { en: 'Kyrgyz (test)' }, aliases: { en: ['Kyrgyz Republic'] }, claims: { P31: ['Q999999902'] } };
    items.Q999999902 = { labels: { en: 'test class' }, claims: { P279: ['Q6256'] } };
    items.Q57641 = { labels: { en: 'Orbán (test)', hu: 'Orbán Viktor' }, claims: { P31: ['Q5'], P973: [`${BASE}id/person/viktor-orban`] } };
    standIn = await wikidataApiStandIn({ items });
    const r = await run(['verify'], { WIKIDATA_API: standIn.url });
    expect(r.code, r.out).toBe(LINKS_EXIT.ok);
    expect(r.out).toMatch(/^kyrgyzstan +Q813 +exists +Kyrgyz \(test\) +alias \(Kyrgyz Republic\) +fits \(Q6256\)/m);
    expect(r.out).toMatch(/^viktor-orban +Q57641 +exists +Orbán \(test\) +alias \(Orbán Viktor\) +fits \(Q5\) +yes$/m);
    expect(r.out).toContain(`${linked.length - 1} linked items do not yet say 'described at URL' (P973)`);
  });

  it('--save-labels writes the items\' labels to the data folder for /wikidata/, noting a merged item', async () => {
    const items = goodItems();
    const orban = items.Q57641;
    if (!orban) throw new Error('Q57641 is not linked in data/');
    items.Q999999901 = { ...orban, labels: { en: 'Viktor Orbán', hu: 'Orbán Viktor' } };
    delete items.Q57641;
    delete items.Q57530;
    standIn = await wikidataApiStandIn({ items, redirects: { Q57641: 'Q999999901' } });
    const copy = await copyData();
    try {
      const r = await run(['verify', '--data', copy.dataDir, '--save-labels'], { WIKIDATA_API: standIn.url });
      expect(r.code).toBe(LINKS_EXIT.problem);
      expect(r.out).toMatch(/wrote the labels of 18 items to .*wikidata-labels\.json/);
      const saved = parseLabels(await readFile(join(copy.dataDir, 'wikidata-labels.json'), 'utf8'), 'wikidata-labels.json');
      expect(saved.source).toBe(standIn.url);
      expect(saved.retrieved).toBe(new Date().toISOString().slice(0, 10));
      expect(saved.items.Q57641).toEqual({ labels: { en: 'Viktor Orbán', hu: 'Orbán Viktor' }, redirectedTo: 'Q999999901' });
      expect(saved.items.Q813?.labels.en).toBe('Kyrgyzstan');
      // A deleted item has no label to keep.
      expect(saved.items.Q57530).toBeUndefined();
    } finally {
      await copy.remove();
    }
  });

  it('says in one line that it is offline when the API cannot be reached, with its own exit code', async () => {
    // A port that was just free: nothing listens there.
    const closed = await wikidataApiStandIn({ items: {} });
    const url = closed.url;
    await closed.close();
    const r = await run(['verify'], { WIKIDATA_API: url });
    expect(r.code).toBe(LINKS_EXIT.offline);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^offline: Wikidata's API at http:\/\/127\.0\.0\.1:\d+\/w\/api\.php cannot be reached \(ECONNREFUSED\)/);
  });

  it('says what the API refused, with another exit code', async () => {
    standIn = await wikidataApiStandIn({ items: {}, answer: { error: { code: 'maxlag', info: 'Waiting for a database server' } } });
    const r = await run(['verify'], { WIKIDATA_API: standIn.url });
    expect(r.code).toBe(LINKS_EXIT.api);
    expect(r.err).toMatch(/Wikidata's API refused wbgetentities: maxlag \(Waiting for a database server\)/);
  });

  it('refuses unknown options with the usage', async () => {
    const r = await run(['verify', '--write'], {});
    expect(r.code).toBe(LINKS_EXIT.usage);
    expect(r.err).toMatch(/unknown option '--write' for links verify/);
  });
});

describe('links suggest', () => {
  it('ranks candidates by type and name for an entity without a link, and writes nothing', async () => {
    const tatar = entities.find((e) => e.id === 'ersin-tatar');
    expect(tatar?.wikidata).toBeUndefined();
    const before = await readFile('data/entities/people.yaml', 'utf8');
    // Test data: two made-up candidates, a namesake place first in the search, the person second.
    standIn = await wikidataApiStandIn({
      items: {
        Q999999911: { labels: { en: 'Ersin Tatar' }, descriptions: { en: 'test: a place' }, claims: { P31: ['Q515'] } },
        Q999999912: { labels: { en: 'Ersin Tatar' }, descriptions: { en: 'test: a politician' }, claims: { P31: ['Q5'] } },
      },
      search: { 'ersin tatar': ['Q999999911', 'Q999999912'] },
    });
    const r = await run(['suggest', '--id', 'ersin-tatar'], { WIKIDATA_API: standIn.url });
    expect(r.code, r.err).toBe(LINKS_EXIT.ok);
    const block = r.out.slice(r.out.indexOf('ersin-tatar'));
    expect(block).toMatch(/^ersin-tatar \(person "Ersin Tatar", data\/entities\/people.yaml:\d+\):/);
    const q1 = block.indexOf('Q999999912');
    const q2 = block.indexOf('Q999999911');
    expect(q1).toBeGreaterThan(0);
    expect(q1).toBeLessThan(q2);
    expect(block).toMatch(/Q999999912 +Ersin Tatar +test: a politician +fits +exact/);
    expect(block).toMatch(/Q999999911 +Ersin Tatar +test: a place +differs \(P31: Q515\)/);
    expect(r.out).toContain('Nothing was written.');
    expect(standIn.requests[0]?.params.get('action')).toBe('wbsearchentities');
    expect(await readFile('data/entities/people.yaml', 'utf8')).toBe(before);
  });

  it('says when no candidate is found, and refuses an unknown entity id', async () => {
    standIn = await wikidataApiStandIn({ items: {}, search: {} });
    const r = await run(['suggest', '--id', 'nury-golliyev'], { WIKIDATA_API: standIn.url });
    expect(r.code).toBe(LINKS_EXIT.ok);
    expect(r.out).toMatch(/^nury-golliyev \(person, data\/entities\/people.yaml:\d+\): no candidate found for Nury Golliyev/m);
    await expect(run(['suggest', '--id', 'nobody'], { WIKIDATA_API: standIn.url })).rejects.toThrow(/--id nobody: no entity has that id/);
  });
});

describe('the command line', () => {
  it('ots-kg links verify exits with code 3 and one line when offline (the bundle, as curators run it)', async () => {
    const closed = await wikidataApiStandIn({ items: {} });
    await closed.close();
    const r = spawnSync(process.execPath, [resolve('bin/ots-kg.mjs'), 'links', 'verify'], { encoding: 'utf8', env: { ...process.env, WIKIDATA_API: closed.url }, timeout: 120_000 });
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^offline: /);
  }, 120_000);

  it('ots-kg check reports a Wikidata item used by two entities, with file and line', async () => {
    const copy = await copyData();
    try {
      await copy.edit('entities/people.yaml', (t) => t.replace('    wikidata: Q57371\n', '    wikidata: Q57641\n'));
      let err = '';
      const e = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
        err += `${a.join(' ')}\n`;
      });
      try {
        expect(await main(['check', '--data', copy.dataDir])).toBe(1);
      } finally {
        e.mockRestore();
      }
      expect(err).toMatch(/entities\/people\.yaml:\d+:\d+: .*Wikidata item Q57641 is already linked to 'ilham-aliyev' \(data\/entities\/people\.yaml:19\)/);
    } finally {
      await copy.remove();
    }
  });
});
