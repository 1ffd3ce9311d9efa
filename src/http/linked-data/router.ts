// The linked-data router: dereferences every minted IRI by content negotiation, and serves the pages, dumps, VoID/DCAT, sitemap and query editor.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { formatByName } from '../../serialize/formats.js';
import type { Format } from '../../serialize/formats.js';
import { acceptQuality, negotiate } from '../negotiate.js';
import { escapeHtml } from '../html.js';
import { namedNode } from '../../rdf.js';
import type { RDF } from '../../rdf.js';
import { NS, OWL } from '../../vocab.js';
import { DATASET_FILE } from '../../config.js';
import type { LinkMode } from '../../config.js';
import { ONTOLOGY_IRI, localName, type GraphIndex } from './graph-index.js';
import { DatasetView } from './query-index.js';
import { embeddedSource, type DatasetSource } from '../../query/dataset-source.js';
import { SparqlEngine } from '../../query/engine.js';
import { createInProcessService, type QueryService } from '../../query/service.js';
import { BadRequestError, DESCRIPTION_FORMATS, MINTED_ROOTS, checkPath, formatFromQuery, hrefFor, iriForPath, splitExtension } from './iri.js';
import { browsePage, datasetPage, dumpsPage, entityPage, errorPage, homePage, listPage, notFoundPage, ontologyPage, queryPage, searchPage } from './pages.js';
import { predicateLabel } from './labels.js';
import { html } from '../html.js';
import { serializeDescription } from './serialize.js';
import { SITE_CSS } from './style.js';
import { QUERY_JS } from './query-script.js';
import { datasetDescription } from './void.js';
import { DumpRequestError, readManifest, serveDump } from './dumps.js';
import { loadExampleQueries, loadOntology } from './examples.js';
import type { DumpManifestLike, LinkedDataOptions } from './types.js';
import { DEFAULT_LINKS, publicRoot, rewriteQuads } from './links.js';
import { FinderError, byWikidataId, checkPage, checkSearchText, classCounts, listClass, listPath, pathCounts, search, summaries, wikidataId } from './finder.js';
import { QueryError } from '../../query/errors.js';
import { ambiguousPage, checkQid, linkset, linksetPage, notLinkedPage, savedLabels } from './wikidata.js';
import { addReconcileRoutes, previewPage } from '../reconcile.js';

/** Longest last path segment that gets "did you mean" suggestions (the graph's own are under 50 characters). */
const MAX_SUGGESTED_SLUG = 80;

export const DEFAULT_LICENCE = 'https://creativecommons.org/licenses/by-sa/4.0/';
/** The dump that carries every graph (data, fact graphs, provenance): the one the pages index. */

const HTML: Format = (() => {
  const f = formatByName('html');
  if (!f) throw new Error("src/serialize/formats.ts: the format table has no 'html' entry; pages cannot be negotiated without it");
  return f;
})();

/** Pages allow only this server's own scripts, styles and images: no request leaves the site. */
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

const RDF_FORMATS = DESCRIPTION_FORMATS.filter((f) => f.kind !== 'page');
// The RDF formats by their own media types only: a generic alias next to text/html (`text/html, text/plain` from a text
// browser, `text/html, application/json`) is a browser's list, not a machine naming RDF.
const RDF_OWN_TYPES = RDF_FORMATS.map((f) => ({ ...f, aliases: [] }));

/**
 * negotiate() over the description formats, with one rule on top: when the best RDF format has
 * the same quality as HTML (Accept: any type, or `text/html, text/turtle`), RDF wins, because a client that
 * names RDF at all is a machine and a browser never ranks RDF as high as HTML.
 */
export function chooseDescriptionFormat(accept: string | undefined): Format | undefined {
  const best = negotiate(accept, DESCRIPTION_FORMATS);
  if (best !== HTML) return best;
  const rdf = negotiate(accept, RDF_OWN_TYPES);
  return rdf && acceptQuality(accept, rdf) >= acceptQuality(accept, HTML) ? RDF_FORMATS.find((f) => f.name === rdf.name) : best;
}

function wantsHtml(req: Request): boolean {
  const accept = req.get('accept');
  if (!accept) return false;
  // An HTML error page only for clients that rank HTML above every RDF format (browsers).
  return chooseDescriptionFormat(accept) === HTML;
}

function sendPage(res: Response, status: number, page: string): void {
  res.status(status).set('Content-Type', 'text/html; charset=utf-8').set('Content-Security-Policy', CSP).set('X-Content-Type-Options', 'nosniff').send(page);
}

/** Errors speak the client's language: an HTML page for browsers, one line of text for everything else. */
function sendError(req: Request, res: Response, status: number, title: string, message: string): void {
  for (const h of ['Content-Disposition', 'Content-Encoding', 'ETag', 'Last-Modified', 'Content-Location']) res.removeHeader(h);
  if (wantsHtml(req)) {
    sendPage(res, status, errorPage(status, title, message));
  } else {
    res.status(status).type('text/plain; charset=utf-8').send(`${status} ${title}: ${message}\n`);
  }
}

function linkHeader(docPath: string, licence: string): string {
  const alternates = DESCRIPTION_FORMATS.map((f) => `<${docPath}.${f.extension}>; rel="alternate"; type="${f.mediaType}"`);
  return [...alternates, `<${licence}>; rel="license"`].join(', ');
}

/** A rendered body and its strong validator. */
interface Rendered {
  readonly body: string;
  readonly etag: string;
}

/** A small least-recently-used map of rendered bodies, by the version of the dataset they were made from. */
class RenderCache {
  readonly #entries = new Map<string, Rendered>();
  constructor(readonly max: number) {}
  async get(version: string | undefined, key: string, render: () => Promise<{ value: string; version: string }>): Promise<Rendered> {
    const k = `${version ?? ''}\u0000${key}`;
    const hit = this.#entries.get(k);
    if (hit !== undefined) {
      this.#entries.delete(k);
      this.#entries.set(k, hit);
      return hit;
    }
    const made = await render();
    const body = made.value;
    const entry = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    if (this.max > 0) {
      // Kept under the version that answered: a page rendered while the dataset switched is never served for the other.
      this.#entries.set(`${made.version}\u0000${key}`, entry);
      if (this.#entries.size > this.max) {
        const oldest = this.#entries.keys().next().value;
        if (oldest !== undefined) this.#entries.delete(oldest);
      }
    }
    return entry;
  }
}

/** What the dataset pages depend on in the manifest: the files and their checksums. */
function manifestKey(m: DumpManifestLike | undefined): string {
  return m ? m.files.map((f) => `${f.name}:${f.sha256}:${f.gzip?.sha256 ?? ''}`).join(',') : 'none';
}

type AsyncHandler = (req: Request, res: Response, next: NextFunction) => Promise<void>;

function wrap(fn: AsyncHandler): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    fn(req, res, next).catch((err: unknown) => {
      if (err instanceof BadRequestError) sendError(req, res, 400, 'Bad request', err.message);
      else if (err instanceof FinderError) sendError(req, res, err.status, err.status === 400 ? 'Bad request' : err.status === 404 ? 'Not found' : 'Service unavailable', err.message);
      else if (err instanceof QueryError) sendError(req, res, 503, 'Service unavailable', `the query engine could not answer: ${err.message}`);
      else if (err instanceof DumpRequestError) sendError(req, res, err.status, err.status === 404 ? 'Not found' : err.status === 416 ? 'Range not satisfiable' : 'Bad request', err.message);
      else next(err);
    });
  };
}

function yasguiDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@zazuko/yasgui/package.json')), 'build');
}

export interface CreateLinkedDataRouterResult {
  readonly router: Router;
  /** The dataset as the pages read it. */
  readonly view: DatasetView;
}

/** The query service of the options: the one given, or an in-process engine over the quads given (tests). */
function serviceOf(opts: LinkedDataOptions): QueryService | undefined {
  if (opts.queryService) return opts.queryService;
  return opts.quads ? createInProcessService(SparqlEngine.create({ quads: opts.quads, serviceAllowlist: [] })) : undefined;
}

/** The source of the options: the one given, or one over the query service (in tests, an in-process engine over the quads given). */
function sourceOf(opts: LinkedDataOptions, service: QueryService | undefined): DatasetSource {
  if (opts.source) return opts.source;
  if (!service) throw new Error('linkedDataRouter: give the dataset source (or, in tests, the quads)');
  return embeddedSource(service);
}

/**
 * Reads the dataset through its source (every page is made from SELECT queries; see query-index.ts), and answers:
 *   /, /query, /ontology, /dataset, /.well-known/void, /dumps, /dumps/:file, /sitemap.xml, /robots.txt, /assets/*
 *   and every IRI under {base}id/, fact/, evidence/, source/ at the same path on this host.
 * Anything else falls through to the next handler.
 */
export function linkedDataRouter(opts: LinkedDataOptions): CreateLinkedDataRouterResult {
  const service = serviceOf(opts);
  const view = new DatasetView({ source: sourceOf(opts, service), base: opts.base, ...(opts.ontology ? { ontology: opts.ontology } : {}) });
  const licence = opts.licence ?? DEFAULT_LICENCE;
  const sparqlPath = opts.sparqlPath ?? '/sparql';
  const examples = opts.examples ?? [];
  const dumpsDir = opts.dumpsDir;
  const router = Router();
  const yasgui = yasguiDir();
  const manifest = async (): Promise<DumpManifestLike | undefined> => (dumpsDir ? readManifest(dumpsDir) : undefined);
  const links = opts.links ?? DEFAULT_LINKS;

  /** Picks the format from the extension, ?format= or Accept; answers 406/400 itself and returns undefined then. */
  const chooseFormat = (req: Request, res: Response, fromExtension: Format | undefined): Format | undefined => {
    const q = formatFromQuery(req.query.format);
    if (q.kind === 'unsupported') {
      sendError(req, res, 406, 'Not acceptable', q.message);
      return undefined;
    }
    if (fromExtension && q.kind === 'explicit' && q.format !== fromExtension) {
      throw new BadRequestError(`the extension asks for ${fromExtension.label} but ?format= asks for ${q.format.label}; give one of them`);
    }
    if (fromExtension) {
      if (!DESCRIPTION_FORMATS.includes(fromExtension)) {
        sendError(req, res, 406, 'Not acceptable', `${fromExtension.label} is not offered here; use one of: ${DESCRIPTION_FORMATS.map((f) => `.${f.extension}`).join(', ')}`);
        return undefined;
      }
      return fromExtension;
    }
    if (q.kind === 'explicit') return q.format;
    res.vary('Accept');
    const f = chooseDescriptionFormat(req.get('accept'));
    if (!f) {
      sendError(req, res, 406, 'Not acceptable', `none of the types in Accept: ${req.get('accept') ?? ''} is offered; available: ${DESCRIPTION_FORMATS.map((x) => x.mediaType).join(', ')}`);
      return undefined;
    }
    return f;
  };

  /** Sends RDF or a page for one resource, with Vary, Link and Content-Location headers. */
  // One version of the dataset never changes, so a rendered representation can be reused while it is served; the key
  // carries the version and everything else it depends on (format, page address, manifest for the dataset pages).
  const rendered = new RenderCache(opts.renderCacheEntries ?? 256);

  const answer = async (
    req: Request,
    res: Response,
    a: { docPath: string; format: Format; negotiated: boolean; quads: (g: GraphIndex) => RDF.Quad[]; page: (g: GraphIndex) => string; cacheKey: string; about?: RDF.Term[] },
  ): Promise<void> => {
    res.vary('Accept');
    res.set('Link', linkHeader(a.docPath, licence));
    if (a.negotiated) res.set('Content-Location', `${a.docPath}.${a.format.extension}`);
    // In rewrite mode the RDF names things on this server, so it depends on the address it is served at.
    const root = links.mode === 'rewrite' && a.format.kind !== 'page' ? publicRoot(req, links) : undefined;
    const key = `${a.format.name}\u0000${a.cacheKey}\u0000${root ?? ''}`;
    const about = a.about ? { about: a.about } : {};
    const out = await rendered.get(view.version, key, async () => {
      if (a.format.kind === 'page') return view.read(a.page, about);
      const { value, version } = await view.read(a.quads, about);
      const body = root !== undefined ? serializeDescription(rewriteQuads(value, view.base, root), a.format, root) : serializeDescription(value, a.format, view.base);
      return { value: body, version };
    });
    // Each representation has its own strong ETag (they differ by body), so conditional requests work under Vary: Accept.
    res.set('ETag', out.etag).set('Cache-Control', 'public, max-age=300');
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    if (a.format.kind === 'page') {
      sendPage(res, 200, out.body);
      return;
    }
    res.status(200).set('Content-Type', `${a.format.mediaType}; charset=utf-8`).set('Access-Control-Allow-Origin', '*').send(out.body);
  };

  const resolveDoc = (path: string): { path: string; ext: Format | undefined } => {
    const split = splitExtension(path);
    return split ? { path: split.path, ext: split.format } : { path, ext: undefined };
  };

  router.get('/assets/site.css', (_req, res) => {
    res.type('text/css; charset=utf-8').set('Cache-Control', 'public, max-age=3600').send(SITE_CSS);
  });
  router.get('/assets/query.js', (_req, res) => {
    res.type('text/javascript; charset=utf-8').set('Cache-Control', 'public, max-age=3600').send(QUERY_JS);
  });
  const YASGUI_FILES: Readonly<Record<string, string>> = {
    'yasgui.min.js': 'text/javascript; charset=utf-8',
    'yasgui.min.js.map': 'application/json',
    'yasgui.min.css': 'text/css; charset=utf-8',
  };
  router.get('/assets/yasgui/:file', (req, res, next) => {
    const file = req.params.file;
    const type = file ? YASGUI_FILES[file] : undefined;
    if (!file || !type) {
      next();
      return;
    }
    res.sendFile(join(yasgui, file), { headers: { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' } }, (err) => {
      if (err) next(err);
    });
  });

  router.get(
    '/',
    wrap(async (req, res) => {
      const fmt = chooseFormat(req, res, undefined);
      if (!fmt) return;
      const m = await manifest();
      await answer(req, res, {
        docPath: '/dataset',
        format: fmt,
        // The RDF sent for / is the dataset description; the HTML is the home page, not /dataset.html.
        negotiated: fmt.kind !== 'page',
        quads: (g) => datasetQuads(g, m),
        page: (g) => homePage(g, { manifest: m, examples, licence }),
        cacheKey: `home\u0000${manifestKey(m)}`,
      });
    }),
  );

  const datasetQuads = (g: GraphIndex, m: DumpManifestLike | undefined): RDF.Quad[] => [
    ...g.statements(namedNode(`${g.base}dataset`), null, null),
    ...datasetDescription(g, { ...(m ? { manifest: m } : {}), sparqlPath, licence }),
  ];

  const datasetHandler = (docPath: string) =>
    wrap(async (req, res) => {
      const { ext } = resolveDoc(req.path);
      const fmt = chooseFormat(req, res, ext);
      if (!fmt) return;
      const m = await manifest();
      await answer(req, res, {
        docPath,
        format: fmt,
        negotiated: !ext && req.query.format === undefined,
        quads: (g) => datasetQuads(g, m),
        page: (g) => datasetPage(g, { manifest: m, sparqlPath, licence }),
        cacheKey: `dataset\u0000${manifestKey(m)}`,
      });
    });
  for (const ext of ['', ...DESCRIPTION_FORMATS.map((f) => `.${f.extension}`)]) {
    router.get(`/dataset${ext}`, datasetHandler('/dataset'));
    router.get(`/.well-known/void${ext}`, datasetHandler('/.well-known/void'));
  }

  const ontologyHandler = wrap(async (req, res) => {
    const { ext } = req.path.startsWith('/ontology/') ? { ext: undefined } : resolveDoc(req.path);
    const fmt = chooseFormat(req, res, ext);
    if (!fmt) return;
    await answer(req, res, {
      docPath: '/ontology',
      format: fmt,
      negotiated: !ext && req.query.format === undefined,
      quads: () => view.ontology.getQuads(null, null, null, null),
      page: (g) => ontologyPage(g),
      cacheKey: 'ontology',
    });
  });
  for (const ext of ['', ...DESCRIPTION_FORMATS.map((f) => `.${f.extension}`)]) router.get(`/ontology${ext}`, ontologyHandler);
  // The version IRI names the same document as long as this is the version served; it is answered
  // directly like every other IRI (no redirect), its Content-Location naming /ontology.{ext}.
  router.get('/ontology/:version', (req, res, next) => {
    const versionIri = `${ONTOLOGY_IRI}/${req.params.version ?? ''}`;
    if (view.ontology.countQuads(namedNode(ONTOLOGY_IRI), namedNode(OWL.versionIRI), namedNode(versionIri), null) === 0) {
      next();
      return;
    }
    ontologyHandler(req, res, next);
  });

  const editor = wrap(async (_req, res) => {
    sendPage(res, 200, queryPage(examples, sparqlPath, { base: view.base }));
  });
  router.get('/query', editor);
  // A browser opening the endpoint itself (no query) is sent here by the endpoint's route: it gets the editor too.
  router.get(sparqlPath, editor);

  router.get(
    '/dumps',
    wrap(async (_req, res) => {
      sendPage(res, 200, dumpsPage(await manifest()));
    }),
  );
  router.get(
    '/dumps/:name',
    wrap(async (req, res) => {
      if (!dumpsDir) throw new DumpRequestError(404, 'no dumps are configured on this server; run npm run build');
      const name = req.params.name;
      await serveDump(req, res, { dumpsDir, name: typeof name === 'string' ? name : '' });
    }),
  );

  router.get('/robots.txt', (req, res) => {
    res.type('text/plain; charset=utf-8').send(`User-agent: *\nAllow: /\nDisallow: /sparql\nSitemap: ${publicRoot(req, links)}sitemap.xml\n`);
  });
  router.get(
    '/sitemap.xml',
    wrap(async (req, res) => {
      // Sitemaps list absolute URLs on the host that serves them: the configured public address (PUBLIC_URL), never the Host header.
      const root = publicRoot(req, links);
      const { value: described } = await view.read((g) => g.describedIris());
      const paths = ['', 'query', 'ontology', 'dataset', 'dumps', ...described.map((i) => i.slice(view.base.length))];
      const urls = paths.map((p) => `  <url><loc>${escapeHtml(root + p)}</loc></url>`).join('\n');
      res.type('application/xml; charset=utf-8').send(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`);
    }),
  );

  // Search and the lists ask the endpoint's query service (SPARQL over the same data the endpoint serves).
  const finder = (): QueryService => {
    if (!service) throw new FinderError(503, 'search and lists need the query service, which this server was started without');
    return service;
  };
  const sendFound = (req: Request, res: Response, page: string): void => {
    res.vary('Accept').set('Cache-Control', 'no-cache');
    sendPage(res, 200, page);
  };

  router.get(
    '/search',
    wrap(async (req, res) => {
      const raw = req.query.q;
      const folded = checkSearchText(raw);
      const text = typeof raw === 'string' ? raw : '';
      const qid = wikidataId(text);
      if (qid) {
        // An exact Wikidata ID that one thing here is the same as: go straight to it.
        const same = await byWikidataId(finder(), view.base, qid);
        if (same.length === 1 && same[0]) {
          res.redirect(303, hrefFor(same[0], view.base));
          return;
        }
      }
      const hits = await search(finder(), view.base, folded);
      const sums = await summaries(finder(), hits.map((h) => h.iri));
      sendFound(req, res, (await view.read((g) => searchPage(g, { text, hits, summaries: sums }))).value);
    }),
  );

  // The reconciliation service (OpenRefine and other clients): names to our entities, and through their links to Wikidata.
  addReconcileRoutes(router, {
    service: finder,
    base: view.base,
    root: (req) => publicRoot(req, links),
    preview: (iri) => previewPage(finder(), iri, hrefFor(iri, view.base)),
  });

  // The way back from Wikidata: an item's ID leads to our entity that is the same; /wikidata/ lists the linkset.
  router.get(
    '/wikidata/',
    wrap(async (req, res) => {
      if (!req.path.endsWith('/')) {
        res.redirect(301, '/wikidata/');
        return;
      }
      sendFound(req, res, linksetPage(await linkset(finder(), view.base), view.base, await savedLabels(dumpsDir)));
    }),
  );
  router.get(
    '/wikidata/:qid',
    wrap(async (req, res) => {
      const qid = checkQid(typeof req.params.qid === 'string' ? req.params.qid : '');
      const same = (await byWikidataId(finder(), view.base, qid)).sort();
      res.vary('Accept').set('Cache-Control', 'no-cache');
      if (same.length === 1 && same[0]) {
        res.redirect(303, hrefFor(same[0], view.base));
        return;
      }
      if (same.length > 1) {
        sendPage(res, 300, ambiguousPage(qid, same, view.base));
        return;
      }
      const search = `/search?q=${qid}`;
      const message = `no entity here is owl:sameAs Wikidata's ${qid}; search by name at ${search}, or see the items linked here at /wikidata/`;
      if (wantsHtml(req)) sendPage(res, 404, notLinkedPage(qid));
      else res.status(404).type('text/plain; charset=utf-8').send(`404 Not found: ${message}\n`);
    }),
  );

  router.get(
    '/id/',
    wrap(async (req, res) => {
      if (!req.path.endsWith('/')) {
        res.redirect(301, `/id/${req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : ''}`);
        return;
      }
      const cls = req.query.class;
      if (cls === undefined) {
        const [paths, classes] = await Promise.all([pathCounts(finder(), view.base), classCounts(finder())]);
        sendFound(req, res, (await view.read((g) => browsePage(g, { paths, classes }))).value);
        return;
      }
      const classIri = classParam(cls);
      const page = checkPage(req.query.page);
      const list = await listClass(finder(), classIri, page);
      if (list.total === 0) throw new FinderError(404, `nothing in the data is of class <${classIri}>; the classes with instances are listed at /id/`);
      if (list.iris.length === 0) throw new FinderError(404, `page ${page} is past the end of the list (${list.pages} pages)`);
      const sums = await summaries(finder(), list.iris);
      const path = `/id/?class=${encodeURIComponent(typeof cls === 'string' ? cls : '')}`;
      const { value: body } = await view.read((g) => {
        const name = predicateLabel(g, classIri);
        return listPage(g, { title: `Every ${name}`, intro: html`Things of the class <a href="${hrefFor(classIri, g.base)}" title="${classIri}">${name}</a>.`, path, list, summaries: sums });
      });
      sendFound(req, res, body);
    }),
  );

  router.get(
    '/id/:segment/',
    wrap(async (req, res, next) => {
      const seg = req.params.segment;
      const segment = typeof seg === 'string' ? seg : '';
      // `/id/person` (no slash) names no thing: it is the list's address without its slash (see describeHandler).
      if (!req.path.endsWith('/') || !/^[a-z0-9][a-z0-9._-]*$/.test(segment)) {
        next();
        return;
      }
      const page = checkPage(req.query.page);
      const list = await listPath(finder(), view.base, segment, page);
      if (list.total === 0) throw new FinderError(404, `nothing is described under /id/${segment}/; the paths that hold things are listed at /id/`);
      if (list.iris.length === 0) throw new FinderError(404, `page ${page} is past the end of the list (${list.pages} pages)`);
      const sums = await summaries(finder(), list.iris);
      sendFound(req, res, (await view.read((g) => listPage(g, { title: `/id/${segment}/`, intro: html`Everything whose IRI is <code>${g.base}id/${segment}/…</code>.`, path: `/id/${segment}/`, list, summaries: sums }))).value);
    }),
  );

  const describeHandler = wrap(async (req, res) => {
    const path = checkPath(req.path);
    let docPath = path;
    let ext: Format | undefined;
    let iri = iriForPath(view.base, path);
    const knows = async (i: string): Promise<boolean> => (await view.read((g) => g.knows(i), { about: [namedNode(i)] })).value;
    if (!(await knows(iri))) {
      const split = splitExtension(path);
      if (split && (await knows(iriForPath(view.base, split.path)))) {
        docPath = split.path;
        ext = split.format;
        iri = iriForPath(view.base, split.path);
      } else if (/^\/id\/[a-z0-9][a-z0-9._-]*$/.test(path)) {
        // `/id/person` is the list at `/id/person/` without its slash.
        res.redirect(301, `${path}/`);
        return;
      } else {
        res.vary('Accept');
        // "Did you mean" runs an edit distance against every described IRI: only for a slug short enough to be a typo
        // of one (a 15 KB path once held the main thread for 0.45 s).
        const near = localName(iri).length <= MAX_SUGGESTED_SLUG ? (await view.read((g) => g.suggestions(iri))).value : [];
        if (wantsHtml(req)) sendPage(res, 404, notFoundPage(path, iri, near, view.base));
        else {
          const hint = near.length ? `did you mean ${near.map((n) => `<${n}>`).join(' or ')}?` : `entity IRIs look like ${view.base}id/person/viktor-orban`;
          res.status(404).type('text/plain; charset=utf-8').send(`404 Not found: nothing is described by <${iri}>; ${hint}\n`);
        }
        return;
      }
    }
    const fmt = chooseFormat(req, res, ext);
    if (!fmt) return;
    const pageUrl = `${publicRoot(req, links)}${docPath.slice(1)}`;
    await answer(req, res, {
      docPath,
      format: fmt,
      negotiated: !ext && req.query.format === undefined,
      quads: (g) => g.describe(iri),
      page: (g) => entityPage(g, iri, { path: docPath, pageUrl }),
      cacheKey: `${iri}\u0000${pageUrl}`,
      about: [namedNode(iri)],
    });
  });
  for (const root of MINTED_ROOTS) {
    router.get(`/${root}`, describeHandler);
    router.get(`/${root}/*rest`, describeHandler);
  }
  return { router, view };
}

/** What the app hands over: the settings, the dump folder and the query service (AppContext satisfies it). */
export interface LinkedDataAppContext {
  readonly config: { readonly baseIri: string; readonly publicUrls?: readonly string[]; readonly linkMode?: LinkMode };
  readonly dumpsDir: string;
  /** Answers the pages' queries: the same service, and so the same version of the dataset, as /sparql. */
  readonly queryService: QueryService;
  /** The ontology file (default ontology/ots.ttl) and the example queries folder (default sparql/), relative to the working directory. */
  readonly ontologyFile?: string;
  readonly queriesDir?: string;
}

/**
 * The router for the app: every page is made from queries to the query service, so pages, dereferencing, VoID, the
 * sitemap and SPARQL answer from the one version of the dataset it serves. The ontology file and the example queries
 * are read on the first request; a dataset built for another base IRI is answered with 503 saying how to fix it.
 */
export function createLinkedDataRouter(ctx: LinkedDataAppContext): Router {
  const ontologyFile = ctx.ontologyFile ?? 'ontology/ots.ttl';
  const queriesDir = ctx.queriesDir ?? 'sparql';
  const source = embeddedSource(ctx.queryService);
  let inner: Router | undefined;
  const outer = Router();
  outer.use((req, res, next) => {
    const built = source.base;
    if (built !== undefined && built !== ctx.config.baseIri) {
      // A dump that cannot serve pages (built for another base) is a state to fix, not a crash: say what and how.
      if (!isLinkedDataPath(req.path)) {
        next();
        return;
      }
      sendError(req, res, 503, 'Dataset not usable', `${join(ctx.dumpsDir, DATASET_FILE)} was built for base ${built} but BASE_IRI is ${ctx.config.baseIri}: run 'npm run build' with the same BASE_IRI`);
      return;
    }
    if (!inner) {
      try {
        const ontology = loadOntology(ontologyFile);
        inner = linkedDataRouter({
          source,
          queryService: ctx.queryService,
          base: ctx.config.baseIri,
          ...(ontology ? { ontology } : {}),
          examples: loadExampleQueries(queriesDir),
          dumpsDir: ctx.dumpsDir,
          links: { publicUrls: ctx.config.publicUrls ?? [], mode: ctx.config.linkMode ?? 'local' },
        }).router;
      } catch (e) {
        if (!isLinkedDataPath(req.path)) {
          next();
          return;
        }
        sendError(req, res, 503, 'Site not usable', e instanceof Error ? e.message : String(e));
        return;
      }
    }
    inner(req, res, next);
  });
  return outer;
}

/** `?class=Summit` (a class of the ontology) or `?class=<absolute IRI>`. */
function classParam(raw: unknown): string {
  if (typeof raw !== 'string' || raw === '') throw new FinderError(400, 'give ?class= once, as a class of the ontology (Summit) or a class IRI');
  if (/^[A-Za-z][A-Za-z0-9_-]*$/.test(raw)) return NS.ots + raw;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new FinderError(400, `?class=${raw} is neither a class name of the ontology (such as Summit) nor an absolute IRI`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || /[\s<>"{}|^`\\]/.test(raw)) throw new FinderError(400, `?class=${raw} is not an http(s) IRI`);
  return raw;
}

/** The paths this router answers (the rest fall through to the app's 404). */
export function isLinkedDataPath(path: string): boolean {
  return (
    path === '/' ||
    /^\/(id|fact|evidence|source)(\/|$)/.test(path) ||
    /^\/(dataset|ontology|\.well-known\/void)(\.[a-z]+)?$/.test(path) ||
    /^\/(query|search|sparql|dumps|sitemap\.xml|robots\.txt|wikidata|reconcile)(\/|$)/.test(path) ||
    path.startsWith('/assets/')
  );
}
