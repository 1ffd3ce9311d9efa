// Serves the dump files the way data portals do: exact names only, ETag, Last-Modified, gzip when accepted, ranges, attachment names.
import { createReadStream } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import { formatByExtension } from '../../serialize/formats.js';
import type { DumpFileLike, DumpManifestLike } from './types.js';

/** A dump file name: one path segment of safe characters, not hidden. Anything else is refused before the disk is touched. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export class DumpRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'DumpRequestError';
  }
}

/** Reads manifest.json; undefined when the dumps were not built. A manifest that is there but broken is an error. */
export async function readManifest(dumpsDir: string): Promise<DumpManifestLike | undefined> {
  let text: string;
  try {
    text = await readFile(join(dumpsDir, 'manifest.json'), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${join(dumpsDir, 'manifest.json')}: not valid JSON (${(e as Error).message}); rebuild the dumps with npm run build`);
  }
  if (!isManifest(parsed)) {
    throw new Error(`${join(dumpsDir, 'manifest.json')}: expected { dataset, base, triples, quads, graphs, files: [{ name, format, mediaType, bytes, sha256 }] }; rebuild the dumps with npm run build`);
  }
  return parsed;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isFile(v: unknown): v is DumpFileLike {
  return (
    isRecord(v) &&
    typeof v.name === 'string' &&
    FILE_NAME.test(v.name) &&
    typeof v.format === 'string' &&
    typeof v.mediaType === 'string' &&
    typeof v.bytes === 'number' &&
    typeof v.sha256 === 'string' &&
    (v.gzip === undefined || (isRecord(v.gzip) && typeof v.gzip.name === 'string' && FILE_NAME.test(v.gzip.name) && typeof v.gzip.bytes === 'number' && typeof v.gzip.sha256 === 'string'))
  );
}

function isManifest(v: unknown): v is DumpManifestLike {
  return isRecord(v) && typeof v.dataset === 'string' && typeof v.base === 'string' && Array.isArray(v.files) && v.files.every(isFile);
}

// Files in the dump folder that are not RDF (the manifest, compressed copies): the format table does not cover them.
const EXTRA_TYPES: Readonly<Record<string, string>> = {
  json: 'application/json',
  gz: 'application/gzip',
  jsonld: 'application/ld+json',
};

function contentTypeFor(name: string, manifest: DumpManifestLike | undefined): string {
  const listed = manifest?.files.find((f) => f.name === name);
  if (listed) return listed.mediaType;
  if (name === 'SHA256SUMS') return 'text/plain; charset=utf-8';
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  if (ext === 'gz') return EXTRA_TYPES.gz ?? 'application/gzip';
  const f = formatByExtension(ext);
  if (f) return f.mediaType;
  return EXTRA_TYPES[ext] ?? 'application/octet-stream';
}

function etagFor(name: string, manifest: DumpManifestLike | undefined, size: number, mtimeMs: number): string {
  const listed = manifest?.files.find((f) => f.name === name);
  const gz = manifest?.files.find((f) => f.gzip?.name === name)?.gzip;
  const sha = listed?.sha256 ?? gz?.sha256;
  // The checksum names the bytes exactly (a strong validator); otherwise size and time.
  return sha ? `"${sha.slice(0, 32)}"` : `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
}

function acceptsGzip(req: Request): boolean {
  const header = req.get('accept-encoding') ?? '';
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding?.trim() !== 'gzip' && coding?.trim() !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

interface Chosen {
  readonly path: string;
  readonly size: number;
  readonly mtime: Date;
  readonly etag: string;
  readonly encoding?: 'gzip';
}

async function statRegular(path: string): Promise<{ size: number; mtime: Date; mtimeMs: number } | undefined> {
  try {
    const st = await lstat(path);
    // Symbolic links are never followed: a link could point anywhere on the disk.
    return st.isFile() ? { size: st.size, mtime: st.mtime, mtimeMs: st.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Answers GET/HEAD /dumps/:name. Only a plain file name directly inside the dump folder is served;
 * a name with a separator, a dot-dot or a leading dot is a 400 before any file is looked at.
 */
export async function serveDump(req: Request, res: Response, opts: { dumpsDir: string; name: string }): Promise<void> {
  const { dumpsDir, name } = opts;
  if (!FILE_NAME.test(name) || name.includes('..')) {
    throw new DumpRequestError(400, `dump file name ${JSON.stringify(name)} is not a plain file name; the files are listed at /dumps`);
  }
  const manifest = await readManifest(dumpsDir);
  const plain = await statRegular(join(dumpsDir, name));
  if (!plain) throw new DumpRequestError(404, `no dump file named ${JSON.stringify(name)}; the files are listed at /dumps`);

  let chosen: Chosen = { path: join(dumpsDir, name), size: plain.size, mtime: plain.mtime, etag: etagFor(name, manifest, plain.size, plain.mtimeMs) };
  const gzName = manifest?.files.find((f) => f.name === name)?.gzip?.name ?? `${name}.gz`;
  const compressible = !name.endsWith('.gz');
  if (compressible && acceptsGzip(req)) {
    const gz = await statRegular(join(dumpsDir, gzName));
    if (gz) {
      const tag = etagFor(gzName, manifest, gz.size, gz.mtimeMs);
      chosen = { path: join(dumpsDir, gzName), size: gz.size, mtime: gz.mtime, etag: tag, encoding: 'gzip' };
    }
  }

  res.set('Content-Type', contentTypeFor(name, manifest));
  res.set('Content-Disposition', `attachment; filename="${name}"`);
  res.set('ETag', chosen.etag);
  res.set('Last-Modified', chosen.mtime.toUTCString());
  res.set('Accept-Ranges', 'bytes');
  res.set('Cache-Control', 'public, max-age=300');
  res.set('Access-Control-Allow-Origin', '*');
  if (compressible) res.vary('Accept-Encoding');
  if (chosen.encoding) res.set('Content-Encoding', chosen.encoding);

  if (req.fresh) {
    res.status(304).end();
    return;
  }

  let start = 0;
  let end = chosen.size - 1;
  const rangeHeader = req.get('range');
  const ifRange = req.get('if-range');
  const rangeApplies = rangeHeader !== undefined && (ifRange === undefined || ifRange === chosen.etag || ifRange === chosen.mtime.toUTCString());
  if (rangeApplies) {
    const ranges = req.range(chosen.size, { combine: true });
    if (ranges === -1) {
      res.set('Content-Range', `bytes */${chosen.size}`);
      res.removeHeader('Content-Encoding');
      throw new DumpRequestError(416, `range ${rangeHeader} lies outside the ${chosen.size} bytes of ${name}`);
    }
    if (ranges === -2) throw new DumpRequestError(400, `malformed Range header ${JSON.stringify(rangeHeader)}; expected e.g. bytes=0-1023`);
    // Several ranges are answered with the whole file (allowed by RFC 9110 §14.2), not multipart.
    if (Array.isArray(ranges) && ranges.length === 1 && ranges.type === 'bytes' && ranges[0]) {
      start = ranges[0].start;
      end = ranges[0].end;
      res.status(206);
      res.set('Content-Range', `bytes ${start}-${end}/${chosen.size}`);
    }
  }
  res.set('Content-Length', String(Math.max(0, end - start + 1)));
  if (req.method === 'HEAD' || chosen.size === 0) {
    res.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(chosen.path, { start, end });
    stream.on('error', reject);
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}
