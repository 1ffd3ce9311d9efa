// `ots-kg links verify` and `ots-kg links suggest`: the curation tools, run by a curator while online.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LABELS_DATA_FILE, labelsText } from './labels.js';
import { loadFacts } from '../facts/load.js';
import { ConfigError, loadConfig } from '../config.js';
import { OfflineError, WikidataApiError, WikidataClient } from './api.js';
import { suggestLinks, suggestReport, verifyLinks, verifyReport } from './links.js';

/** Exit codes of `ots-kg links` (docs/wikidata.md lists them). */
export const LINKS_EXIT = {
  ok: 0,
  /** verify found a link with a problem (or the data folder has one). */
  problem: 1,
  usage: 2,
  /** Wikidata's API could not be reached: the tools need the network. */
  offline: 3,
  /** Wikidata's API answered, but not in its documented format (or refused the request). */
  api: 4,
} as const;

export const LINKS_USAGE = `usage: ots-kg links verify [--data DIR] [--save-labels]
       ots-kg links suggest [--data DIR] [--kind KIND] [--id ID]...

  verify    asks Wikidata (wbgetentities) about every linked entity: exists, redirected or deleted; whether our
            names match its label or an alias; whether its type (P31) fits our class; whether it already says
            'described at URL' (P973) with our IRI. Prints a table; exits 1 when a link has a problem.
            --save-labels also writes the items' labels to DIR/wikidata-labels.json (commit it: /wikidata/
            shows them beside ours).
  suggest   searches Wikidata (wbsearchentities) for the entities without a link and ranks the candidates by
            type and name, for a curator to confirm. Writes nothing.

settings: WIKIDATA_API (default https://www.wikidata.org/w/api.php), USER_AGENT (sent with every request)
exit codes: 0 done, no problem; 1 a link has a problem; 2 bad usage; 3 offline (Wikidata cannot be reached);
            4 Wikidata's answer was not in its documented format
`;

export async function runLinksCommand(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    console.log(LINKS_USAGE);
    return sub === undefined ? LINKS_EXIT.usage : LINKS_EXIT.ok;
  }
  if (sub !== 'verify' && sub !== 'suggest') {
    console.error(`unknown links command '${sub}'\n\n${LINKS_USAGE}`);
    return LINKS_EXIT.usage;
  }
  let dataDir = 'data';
  let saveLabels = false;
  const kinds: string[] = [];
  const ids: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const v = rest[i + 1];
    if ((a === '--data' || (sub === 'suggest' && (a === '--kind' || a === '--id'))) && v === undefined) {
      console.error(`${a} needs a value\n\n${LINKS_USAGE}`);
      return LINKS_EXIT.usage;
    }
    if (sub === 'verify' && a === '--save-labels') {
      saveLabels = true;
      continue;
    }
    if (a === '--data') dataDir = v ?? dataDir;
    else if (sub === 'suggest' && a === '--kind') kinds.push(v ?? '');
    else if (sub === 'suggest' && a === '--id') ids.push(v ?? '');
    else {
      console.error(`unknown option '${a}' for links ${sub}\n\n${LINKS_USAGE}`);
      return LINKS_EXIT.usage;
    }
    i++;
  }
  const config = loadConfig(env);
  const client = new WikidataClient({ endpoint: config.wikidataApi, userAgent: config.userAgent });
  const facts = await loadFacts({ dataDir: resolve(dataDir) });
  try {
    if (sub === 'verify') {
      const results = await verifyLinks(facts.entities, client, config.baseIri);
      process.stdout.write(verifyReport(results));
      if (saveLabels) {
        const file = join(resolve(dataDir), LABELS_DATA_FILE);
        const items = Object.fromEntries(results.filter((r) => r.state !== 'missing').map((r) => [r.qid, { labels: r.labels, ...(r.state === 'redirected' ? { redirectedTo: r.currentId } : {}) }]));
        await writeFile(file, labelsText({ retrieved: new Date().toISOString().slice(0, 10), source: client.endpoint, items }));
        console.log(`wrote the labels of ${Object.keys(items).length} items to ${file}`);
      }
      return results.some((r) => r.problems.length > 0) ? LINKS_EXIT.problem : LINKS_EXIT.ok;
    }
    const unknownKind = kinds.find((k) => !facts.entities.some((e) => e.kind === k));
    if (unknownKind !== undefined) throw new ConfigError(`--kind ${unknownKind}: no entity is of that kind (kinds in the data: ${[...new Set(facts.entities.map((e) => e.kind))].sort().join(', ')})`);
    const unknownId = ids.find((id) => !facts.entities.some((e) => e.id === id));
    if (unknownId !== undefined) throw new ConfigError(`--id ${unknownId}: no entity has that id in ${dataDir}/entities`);
    const chosen = facts.entities.filter((e) => (kinds.length === 0 || kinds.includes(e.kind)) && (ids.length === 0 || ids.includes(e.id)));
    process.stdout.write(suggestReport(await suggestLinks(chosen, client)));
    return LINKS_EXIT.ok;
  } catch (e) {
    if (e instanceof OfflineError) {
      console.error(`offline: ${e.message}`);
      return LINKS_EXIT.offline;
    }
    if (e instanceof WikidataApiError) {
      console.error(`error: ${e.message}`);
      return LINKS_EXIT.api;
    }
    throw e;
  }
}
