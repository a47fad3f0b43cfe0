import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AIDE_DATE, AIDE_DATE_HEURE } from './kit.tsx';

/*
 * Issue 13: a date field shows the browser's picker in the browser's format, while its help said « JJ/MM/AAAA ». Every
 * date or date-and-time field of the views that has a help gives the kit's one (format of the browser, JJ/MM/AAAA… to
 * type where there is no picker), never a format of its own.
 */
const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('l’aide des champs de date ne promet pas un format que le navigateur n’affiche pas', () => {
  assert.match(AIDE_DATE, /format de votre navigateur/);
  assert.match(AIDE_DATE_HEURE, /JJ\/MM\/AAAA HH:MM/);
  const fautifs: string[] = [];
  let vus = 0;
  for (const f of fs.readdirSync(src, { recursive: true }).map(String).filter((x) => x.endsWith('.views.tsx'))) {
    const texte = fs.readFileSync(path.join(src, f), 'utf8');
    for (const m of texte.matchAll(/<ChampTexte\b[^>]*?type="(date|datetime-local)"[^>]*?\/>/gs)) {
      vus++;
      const aide = /aide=(\{[^}]*\}|"[^"]*")/s.exec(m[0])?.[1];
      if (aide === undefined) continue;
      const attendue = m[1] === 'date' ? 'AIDE_DATE}' : 'AIDE_DATE_HEURE}';
      if (!aide.includes(attendue.slice(0, -1)) || /JJ\/MM/.test(aide)) fautifs.push(`${f} : ${m[0].slice(0, 120)}`);
    }
  }
  assert.ok(vus >= 10, `champs de date trouvés : ${vus}`);
  assert.deepEqual(fautifs, []);
});
