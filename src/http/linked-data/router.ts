// The linked-data router: dereferences every minted IRI by content negotiation, and serves the pages, dumps, VoID/DCAT, sitemap and query editor.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { formatByName } from '../../serialize/formats.js';
import type { Format } from '../../serialize/formats.js';
import { acceptQuality, negotiate } from '../negotiate.js';
import { escapeHtml } from '../html.js';
import { Parser, namedNode } from '../../rdf.js';
import type { RDF } from '../../rdf.js';
import { OWL } from '../../vocab.js';
import { DATASET_FILE } from '../../config.js';
import { GraphIndex, ONTOLOGY_IRI, localName } from './graph-index.js';
import { BadRequestError, DESCRIPTION_FORMATS, MINTED_ROOTS, checkPath, formatFromQuery, iriForPath, splitExtension } from './iri.js';
import { datasetPage, dumpsPage, entityPage, errorPage, homePage, notFoundPage, ontologyPage, queryPage } from './pages.js';
import { serializeDescription } from './serialize.js';
import { SITE_CSS } from './style.js';
import { QUERY_JS } from './query-script.js';
import { datasetDescription } from './void.js';
import { DumpRequestError, readManifest, serveDump } from './dumps.js';
import { loadExampleQueries, loadOntology } from './examples.js';
import type { DumpManifestLike, LinkedDataOptions } from './types.js';

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

/**
 * negotiate() over the description formats, with one rule on top: when the best RDF format has
 * the same quality as HTML (Accept: any type, or `text/html, text/turtle`), RDF wins, because a client that
 * names RDF at all is a machine and a browser never ranks RDF as high as HTML.
 */
export function chooseDescriptionFormat(accept: string | undefined): Format | undefined {
  const best = negotiate(accept, DESCRIPTION_FORMATS);
  if (best !== HTML) return best;
  const rdf = negotiate(accept, RDF_FORMATS);
  return rdf && acceptQuality(accept, rdf) >= acceptQuality(accept, HTML) ? rdf : best;
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

/** A small least-recently-used map of rendered bodies. */
class RenderCache {
  readonly #entries = new Map<string, Rendered>();
  constructor(readonly max: number) {}
  get(key: string, render: () => string): Rendered {
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const body = render();
    const entry = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    if (this.max > 0) {
      this.#entries.set(key, entry);
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
  readonly index: GraphIndex;
}

/**
 * Builds the index over the quads once, then answers:
 *   /, /query, /ontology, /dataset, /.well-known/void, /dumps, /dumps/:file, /sitemap.xml, /robots.txt, /assets/*
 *   and every IRI under {base}id/, fact/, evidence/, source/ at the same path on this host.
 * Anything else falls through to the next handler.
 */
export function linkedDataRouter(opts: LinkedDataOptions): CreateLinkedDataRouterResult {
  const index = new GraphIndex({ quads: opts.quads, base: opts.base, ...(opts.ontology ? { ontology: opts.ontology } : {}) });
  const licence = opts.licence ?? DEFAULT_LICENCE;
  const sparqlPath = opts.sparqlPath ?? '/sparql';
  const examples = opts.examples ?? [];
  const dumpsDir = opts.dumpsDir;
  const router = Router();
  const yasgui = yasguiDir();
  const manifest = async (): Promise<DumpManifestLike | undefined> => (dumpsDir ? readManifest(dumpsDir) : undefined);

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
  // The graph never changes under one index, so a rendered representation can be reused; the key
  // carries everything else it depends on (format, page address, manifest for the dataset pages).
  const rendered = new RenderCache(opts.renderCacheEntries ?? 256);

  const answer = async (
    req: Request,
    res: Response,
    a: { docPath: string; format: Format; negotiated: boolean; quads: () => RDF.Quad[]; page: () => string; cacheKey: string },
  ): Promise<void> => {
    res.vary('Accept');
    res.set('Link', linkHeader(a.docPath, licence));
    if (a.negotiated) res.set('Content-Location', `${a.docPath}.${a.format.extension}`);
    const key = `${a.format.name}\u0000${a.cacheKey}`;
    const out = rendered.get(key, a.format.kind === 'page' ? a.page : () => serializeDescription(a.quads(), a.format, index.base));
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
        quads: () => datasetQuads(m),
        page: () => homePage(index, { manifest: m, examples, licence }),
        cacheKey: `home\u0000${manifestKey(m)}`,
      });
    }),
  );

  const datasetQuads = (m: DumpManifestLike | undefined): RDF.Quad[] => [
    ...index.statements(namedNode(`${index.base}dataset`), null, null),
    ...datasetDescription(index, { ...(m ? { manifest: m } : {}), sparqlPath, licence }),
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
        quads: () => datasetQuads(m),
        page: () => datasetPage(index, { manifest: m, sparqlPath, licence }),
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
      quads: () => index.ontology.getQuads(null, null, null, null),
      page: () => ontologyPage(index),
      cacheKey: 'ontology',
    });
  });
  for (const ext of ['', ...DESCRIPTION_FORMATS.map((f) => `.${f.extension}`)]) router.get(`/ontology${ext}`, ontologyHandler);
  // The version IRI names the same document as long as this is the version served; it is answered
  // directly like every other IRI (no redirect), its Content-Location naming /ontology.{ext}.
  router.get('/ontology/:version', (req, res, next) => {
    const versionIri = `${ONTOLOGY_IRI}/${req.params.version ?? ''}`;
    if (index.ontology.countQuads(namedNode(ONTOLOGY_IRI), namedNode(OWL.versionIRI), namedNode(versionIri), null) === 0) {
      next();
      return;
    }
    ontologyHandler(req, res, next);
  });

  router.get(
    '/query',
    wrap(async (_req, res) => {
      sendPage(res, 200, queryPage(examples, sparqlPath));
    }),
  );

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
    res.type('text/plain; charset=utf-8').send(`User-agent: *\nAllow: /\nDisallow: /sparql\nSitemap: ${req.protocol}://${req.get('host') ?? 'localhost'}/sitemap.xml\n`);
  });
  router.get('/sitemap.xml', (req, res) => {
    // Sitemaps must list absolute URLs on the host that serves them, so they use the request's origin.
    const origin = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    const paths = ['/', '/query', '/ontology', '/dataset', '/dumps', ...index.describedIris().map((i) => `/${i.slice(index.base.length)}`)];
    const urls = paths.map((p) => `  <url><loc>${escapeHtml(origin + p)}</loc></url>`).join('\n');
    res.type('application/xml; charset=utf-8').send(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`);
  });

  const describeHandler = wrap(async (req, res) => {
    const path = checkPath(req.path);
    let docPath = path;
    let ext: Format | undefined;
    let iri = iriForPath(index.base, path);
    if (!index.knows(iri)) {
      const split = splitExtension(path);
      if (split && index.knows(iriForPath(index.base, split.path))) {
        docPath = split.path;
        ext = split.format;
        iri = iriForPath(index.base, split.path);
      } else {
        res.vary('Accept');
        // "Did you mean" runs an edit distance against every described IRI: only for a slug short enough to be a typo
        // of one (a 15 KB path once held the main thread for 0.45 s).
        const near = localName(iri).length <= MAX_SUGGESTED_SLUG ? index.suggestions(iri) : [];
        if (wantsHtml(req)) sendPage(res, 404, notFoundPage(path, iri, near, index.base));
        else {
          const hint = near.length ? `did you mean ${near.map((n) => `<${n}>`).join(' or ')}?` : `entity IRIs look like ${index.base}id/person/viktor-orban`;
          res.status(404).type('text/plain; charset=utf-8').send(`404 Not found: nothing is described by <${iri}>; ${hint}\n`);
        }
        return;
      }
    }
    const fmt = chooseFormat(req, res, ext);
    if (!fmt) return;
    const pageUrl = `${req.protocol}://${req.get('host') ?? 'localhost'}${docPath}`;
    await answer(req, res, {
      docPath,
      format: fmt,
      negotiated: !ext && req.query.format === undefined,
      quads: () => index.describe(iri),
      page: () => entityPage(index, iri, { path: docPath, pageUrl }),
      cacheKey: `${iri}\u0000${pageUrl}`,
    });
  });
  for (const root of MINTED_ROOTS) {
    router.get(`/${root}`, describeHandler);
    router.get(`/${root}/*rest`, describeHandler);
  }
  return { router, index };
}

/** What the app hands over: the settings and the dump folder (AppContext satisfies it). */
export interface LinkedDataAppContext {
  readonly config: { readonly baseIri: string };
  readonly dumpsDir: string;
  /** The ontology file (default ontology/ots.ttl) and the example queries folder (default sparql/), relative to the working directory. */
  readonly ontologyFile?: string;
  readonly queriesDir?: string;
  /** How often, at most, the dataset file is checked for a rebuild (default 2000 ms). */
  readonly reloadCheckMs?: number;
}

/** How often, at most, the dataset file is checked for a rebuild. */
const RELOAD_CHECK_MS = 2_000;

/**
 * The router for the app: the graph comes from `{dumpsDir}/ots-kg.nq` (the same file the query
 * workers load, so pages and SPARQL answer from the same data), read on the first request and read
 * again when the file changes. Until the dumps exist, its routes answer 503 saying how to build them.
 */
export function createLinkedDataRouter(ctx: LinkedDataAppContext): Router {
  const nqPath = join(ctx.dumpsDir, DATASET_FILE);
  const ontologyFile = ctx.ontologyFile ?? 'ontology/ots.ttl';
  const queriesDir = ctx.queriesDir ?? 'sparql';
  let current: { router: Router; stamp: string } | undefined;
  let checkedAt = 0;
  const stampOf = (): string | undefined => {
    try {
      const st = statSync(nqPath);
      return `${st.size}:${st.mtimeMs}`;
    } catch {
      return undefined;
    }
  };
  const load = (stamp: string): Router => {
    const quads = new Parser({ format: 'application/n-quads' }).parse(readFileSync(nqPath, 'utf8'));
    const manifestBase = readManifestBaseSync(ctx.dumpsDir);
    if (manifestBase !== undefined && manifestBase !== ctx.config.baseIri) {
      throw new Error(`${nqPath} was built for base ${manifestBase} but BASE_IRI is ${ctx.config.baseIri}: run 'npm run build' with the same BASE_IRI`);
    }
    const ontology = loadOntology(ontologyFile);
    const router = linkedDataRouter({
      quads,
      base: ctx.config.baseIri,
      ...(ontology ? { ontology } : {}),
      examples: loadExampleQueries(queriesDir),
      dumpsDir: ctx.dumpsDir,
    }).router;
    current = { router, stamp };
    return router;
  };
  const outer = Router();
  outer.use((req, res, next) => {
    const now = Date.now();
    if (current && now - checkedAt < (ctx.reloadCheckMs ?? RELOAD_CHECK_MS)) {
      current.router(req, res, next);
      return;
    }
    checkedAt = now;
    const stamp = stampOf();
    if (stamp === undefined) {
      if (!isLinkedDataPath(req.path)) {
        next();
        return;
      }
      sendError(req, res, 503, 'Dataset not built', `${nqPath} does not exist yet: run 'npm run build' (or set DUMPS_DIR to the folder holding ${DATASET_FILE})`);
      return;
    }
    let router: Router;
    try {
      router = current && current.stamp === stamp ? current.router : load(stamp);
    } catch (e) {
      // A dump that cannot serve (built for another base, unreadable) is a state to fix, not a crash: say what and how.
      if (!isLinkedDataPath(req.path)) {
        next();
        return;
      }
      sendError(req, res, 503, 'Dataset not usable', e instanceof Error ? e.message : String(e));
      return;
    }
    router(req, res, next);
  });
  return outer;
}

/** The paths this router answers (the rest fall through to the app's 404). */
export function isLinkedDataPath(path: string): boolean {
  return (
    path === '/' ||
    /^\/(id|fact|evidence|source)(\/|$)/.test(path) ||
    /^\/(dataset|ontology|\.well-known\/void)(\.[a-z]+)?$/.test(path) ||
    /^\/(query|dumps|sitemap\.xml|robots\.txt)(\/|$)/.test(path) ||
    path.startsWith('/assets/')
  );
}

function readManifestBaseSync(dumpsDir: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dumpsDir, 'manifest.json'), 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'base' in parsed && typeof parsed.base === 'string' ? parsed.base : undefined;
  } catch {
    return undefined;
  }
}
