// nginx (Debian) as a loopback reverse proxy for tests: its own prefix, configuration, pid, logs and temp folders in a
// temporary folder, in the foreground (daemon off), stopped and removed by stop().
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Proxy {
  readonly url: string;
  readonly dir: string;
  /** The access log lines so far (each: status, upstream status(es), request). */
  log(): string;
  stop(): Promise<void>;
}

export const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';

/** Starts nginx on 127.0.0.1:`port` in front of `upstreams` (host:port), retrying another upstream on error or 503. */
export async function startProxy(port: number, upstreams: readonly string[]): Promise<Proxy> {
  const dir = mkdtempSync(join(tmpdir(), 'ots-kg-nginx-'));
  for (const d of ['logs', 'temp']) mkdirSync(join(dir, d));
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    [
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'logs', 'error.log')} warn;`,
      'events { worker_connections 256; }',
      'http {',
      `  client_body_temp_path ${join(dir, 'temp', 'body')};`,
      `  proxy_temp_path ${join(dir, 'temp', 'proxy')};`,
      `  fastcgi_temp_path ${join(dir, 'temp', 'fastcgi')};`,
      `  uwsgi_temp_path ${join(dir, 'temp', 'uwsgi')};`,
      `  scgi_temp_path ${join(dir, 'temp', 'scgi')};`,
      '  log_format replicas \'$status $upstream_status $upstream_addr "$request"\';',
      `  access_log ${join(dir, 'logs', 'access.log')} replicas;`,
      '  upstream ots { ' + upstreams.map((u) => `server ${u} max_fails=1 fail_timeout=2s;`).join(' ') + ' keepalive 16; }',
      '  server {',
      `    listen 127.0.0.1:${port};`,
      '    location / {',
      '      proxy_pass http://ots;',
      '      proxy_http_version 1.1;',
      '      proxy_set_header Connection "";',
      '      proxy_next_upstream error timeout http_502 http_503;',
      '      proxy_next_upstream_tries 3;',
      '      proxy_connect_timeout 2s;',
      '      proxy_read_timeout 30s;',
      // Answers are passed on as they come: no temporary files (the workers may run as another user).
      '      proxy_max_temp_file_size 0;',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  const child = spawn(NGINX, ['-p', dir, '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  let exited = false;
  const done = new Promise<void>((res) => child.once('exit', () => ((exited = true), res())));
  child.once('error', (e) => {
    out += String(e);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (exited) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`nginx did not start (install it: apt-get install nginx):\n${out}`);
    }
    try {
      await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        await done;
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`nginx did not answer on ${url} within 15 s:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    dir,
    log: () => {
      try {
        return readFileSync(join(dir, 'logs', 'access.log'), 'utf8');
      } catch {
        return '';
      }
    },
    async stop() {
      if (!exited) {
        child.kill('SIGQUIT');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await done;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
