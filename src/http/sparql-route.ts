// The Express route of the SPARQL endpoint (the service description, 405 for other methods); queries go through the
// shared protocol handling in sparql.ts, which the fast path uses without Express.
import { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './errors.js';
import { DESCRIPTION_FORMATS, describeJsonLd, describeNTriples, describeTurtle } from './sparql-description.js';
import { acceptQuality, negotiate } from './negotiate.js';
import { ALLOWED_METHODS } from './cors.js';
import { contentType, formatByName } from '../serialize/formats.js';
import type { Format } from '../serialize/formats.js';

const HTML_FORMAT: Format = (() => {
  const f = formatByName('html');
  if (!f) throw new Error("src/serialize/formats.ts: the format table has no 'html' entry");
  return f;
})();
import { endpointIri, type SparqlEndpoint } from './sparql.js';

/** True when the client ranks HTML strictly above every syntax of the service description (browsers do; an Accept of any type does not). */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const htmlQ = acceptQuality(accept, HTML_FORMAT);
  return htmlQ > 0 && DESCRIPTION_FORMATS.every((f) => acceptQuality(accept, f) < htmlQ);
}

/** The Express route of the endpoint: queries through the shared handling, the service description, 405 for other methods. */
export function createSparqlRouter(endpoint: SparqlEndpoint): Router {
  const router = Router();
  const { path } = endpoint;
  const { config, queryService } = endpoint.options;

  const handle = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const reqPath = `${req.baseUrl}${req.path}`;
      if (await endpoint.serve(req, res, req.originalUrl, reqPath)) return;
      // A browser (HTML ranked above every RDF syntax of the description) gets the query editor, which the page router serves.
      if ((req.method === 'GET' || req.method === 'HEAD') && prefersHtml(req.get('accept'))) {
        res.vary('Accept');
        next('router');
        return;
      }
      const f = negotiate(req.get('accept'), DESCRIPTION_FORMATS, { fallback: DESCRIPTION_FORMATS[0] });
      if (!f) throw new HttpError(406, 'not-acceptable', `the service description is available as ${DESCRIPTION_FORMATS.map((d) => d.mediaType).join(', ')}`);
      const input = { endpoint: endpointIri(req, reqPath), dataset: `${config.baseIri}dataset`, quads: queryService.stats().quads };
      const text = f.name === 'jsonld' ? describeJsonLd(input) : f.name === 'ntriples' ? describeNTriples(input) : describeTurtle(input);
      res.status(200).setHeader('Vary', 'Accept');
      res.type(contentType(f)).send(text);
    } catch (e) {
      next(e);
    }
  };

  router.get(path, handle);
  router.post(path, handle);
  router.all(path, (req, res, next) => {
    next(new HttpError(405, 'method-not-allowed', `${req.method} is not supported on ${path}; use GET or POST`, { headers: { Allow: ALLOWED_METHODS.join(', ') } }));
  });
  return router;
}
