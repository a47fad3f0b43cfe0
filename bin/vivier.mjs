#!/usr/bin/env node
// The `vivier` command: runs src/cli.ts through tsx (no build step), with the Node options of `npm run cli` (ADR 7).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const racine = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const r = spawnSync(process.execPath, ['--max-semi-space-size=32', '--import', 'tsx', path.join(racine, 'src/cli.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
