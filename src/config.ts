// Settings from the environment: read once, validated, frozen. A bad value stops the process with a message.

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_BASE_IRI = 'https://w3id.org/ots-kg/';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Canonical base of every IRI the graph mints; ends in '/'. */
  readonly baseIri: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function int(env: Env, key: string, def: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${key}=${JSON.stringify(raw)} is not a whole number (expected ${min}..${max})`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${key}=${raw} is out of range (expected ${min}..${max})`);
  return n;
}

export function parseBaseIri(raw: string, key = 'BASE_IRI'): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${key}=${JSON.stringify(raw)} is not an absolute IRI (example: https://example.org/ots/)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${key} must be an http(s) IRI, got ${url.protocol}`);
  if (url.search || url.hash) throw new ConfigError(`${key} must not carry a query or fragment: ${raw}`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

export function loadConfig(env: Env = process.env): Config {
  return Object.freeze({
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1',
    baseIri: parseBaseIri(env.BASE_IRI && env.BASE_IRI !== '' ? env.BASE_IRI : DEFAULT_BASE_IRI),
  });
}
