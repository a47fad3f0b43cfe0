import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { OPTIONS_NODE } from './options-node.ts';

const racine = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('options de Node', () => {
  it('le serveur, la migration et la CLI démarrent avec les mêmes options (package.json et bin/vivier.mjs)', () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(racine, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const bin = fs.readFileSync(path.join(racine, 'bin/vivier.mjs'), 'utf8');
    for (const option of OPTIONS_NODE) {
      for (const s of ['start', 'migrate', 'cli']) assert.ok(scripts[s]!.split(' --import ')[0]!.split(' ').includes(option), `npm run ${s} : ${scripts[s]}`);
      assert.ok(bin.includes(`'${option}'`), `bin/vivier.mjs sans ${option}`);
    }
  });
});
