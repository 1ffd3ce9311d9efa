#!/usr/bin/env node
// Entry point for `ots-kg ...`: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
process.argv.splice(1, 1, cli);
await import(cli);
