// The Express route of the SPARQL endpoint (the service description, 405 for other methods); queries go through the
// shared protocol handling in sparql.ts, which the fast path uses without Express.
import { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './errors.js';
import { DESCRIPTION_FORMATS, describeJsonLd, describeNTriples, describeTurtle } from './sparql-description.js';
import { negotiate } from './negotiate.js';
import { ALLOWED_METHODS } from './cors.js';
import { contentType } from '../serialize/formats.js';
import { endpointIri, type SparqlEndpoint } from './sparql.js';

/** The Express route of the endpoint: queries through the shared handling, the service description, 405 for other methods. */
export function createSparqlRouter(endpoint: SparqlEndpoint): Router {
  const router = Router();
  const { path } = endpoint;
  const { config, queryService } = endpoint.options;

  const handle = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const reqPath = `${req.baseUrl}${req.path}`;
      if (await endpoint.serve(req, res, req.originalUrl, reqPath)) return;
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
