import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, test } from 'node:test';
import { accuseExemple } from './accuse/accuse.fixtures.ts';
import { rendreAccuse } from './accuse/accuse.pdf.ts';
import { creerPoolAccuses } from './lot.ts';
import { ficheExemple } from './fiche/fiche.fixtures.ts';
import { rendreFiche } from './fiche/fiche.pdf.ts';
import { aplatir, relirePdf } from './relecture.ts';
import { rendreDepot, sha256 } from './depot.ts';

describe('Rendu des accusés en lot', () => {
  const pool = creerPoolAccuses({ taille: 2 });
  after(() => pool.fermer());

  test('le pool de deux threads rend les mêmes octets que le rendu dans le thread, dates comprises', async () => {
    const donnees = Array.from({ length: 8 }, (_, i) => accuseExemple(i));
    const [parPool, surPlace] = await Promise.all([Promise.all(donnees.map((d) => pool.rendre(d))), Promise.all(donnees.map((d) => rendreAccuse(d)))]);
    parPool.forEach((pdf, i) => assert.ok(pdf.equals(surPlace[i]!), `accusé ${i}`));
    const plat = aplatir(relirePdf(parPool[3]!).texte);
    assert.ok(plat.includes('CE-2019-PE-000003'));
    // The instants crossed the thread boundary as Dates: rendered in Paris time, not as strings.
    assert.ok(plat.includes('Candidature validée le 10/04/2019 à 18:32'));
    assert.ok(plat.includes('Accusé de réception émis le 12/04/2019 à 12:05.'));
  });

  test('la fiche archivée avec l’accusé est rendue par les mêmes threads, aux mêmes octets', async () => {
    const d = ficheExemple();
    const [parPool, surPlace, enLigne] = await Promise.all([pool.rendreFiche(d), rendreFiche(d), creerPoolAccuses({ taille: 1 }).rendreFiche(d)]);
    assert.ok(parPool.equals(surPlace));
    assert.ok(enLigne.equals(surPlace));
  });

  test('à la clôture, la fiche et l’accusé d’un dépôt sont rendus en une demande : mêmes octets que sur place, l’accusé cite l’empreinte de la fiche', async () => {
    const donnees = Array.from({ length: 4 }, (_, i) => ({ fiche: ficheExemple(), reference: `CE-2019-PE-00010${i}`, valideeLe: new Date('2019-04-10T16:32:00Z'), emisLe: new Date('2019-04-12T10:05:00Z') }));
    const [parPool, surPlace] = await Promise.all([Promise.all(donnees.map((d) => pool.deposer(d))), Promise.all(donnees.map((d) => rendreDepot(d)))]);
    parPool.forEach((d, i) => {
      assert.ok(d.fiche.equals(surPlace[i]!.fiche), `fiche ${i}`);
      assert.ok(d.accuse.equals(surPlace[i]!.accuse), `accusé ${i}`);
      assert.equal(d.sha256Fiche, sha256(d.fiche));
      assert.equal(d.sha256Accuse, sha256(d.accuse));
    });
    const accuse = aplatir(relirePdf(parPool[2]!.accuse).texte);
    assert.ok(accuse.includes('CE-2019-PE-000102'));
    assert.ok(accuse.replace(/\s/g, '').includes(parPool[2]!.sha256Fiche));
    assert.ok(aplatir(relirePdf(parPool[2]!.fiche).texte).includes('Fiche de candidature'));
    const [mauvais] = await Promise.allSettled([pool.deposer({ ...donnees[0]!, emisLe: new Date('n’importe quoi') })]);
    assert.ok(mauvais.status === 'rejected' && mauvais.reason instanceof RangeError);
  });

  test('une erreur de rendu dans un thread rejette cette demande avec la même classe et le même message, et le pool continue', async () => {
    const [mauvais, bon] = await Promise.allSettled([pool.rendre({ ...accuseExemple(), emisLe: new Date('n’importe quoi') }), pool.rendre(accuseExemple(1))]);
    assert.equal(mauvais.status, 'rejected');
    assert.ok(mauvais.reason instanceof RangeError);
    assert.match(mauvais.reason.message, /Date invalide pour « emisLe »/);
    assert.equal(bon.status, 'fulfilled');
    assert.ok((await pool.rendre(accuseExemple(2))).length > 1000);
  });

  test('des données impossibles à transmettre au thread sont refusées sans bloquer le pool', async () => {
    const avecFonction = { ...accuseExemple(), rappel: () => 1 } as unknown as Parameters<typeof pool.rendre>[0];
    await assert.rejects(pool.rendre(avecFonction), { name: 'DataCloneError' });
    assert.ok((await pool.rendre(accuseExemple(3))).length > 1000);
  });

  test('fermer laisse finir les demandes acceptées, puis refuse les nouvelles', async () => {
    const autre = creerPoolAccuses({ taille: 2 });
    const enCours = Array.from({ length: 5 }, (_, i) => autre.rendre(accuseExemple(i)));
    await autre.fermer();
    assert.equal((await Promise.all(enCours)).length, 5);
    await assert.rejects(autre.rendre(accuseExemple()), /fermé/);
  });

  test('avec une taille de 1, le rendu se fait dans le thread, avec les mêmes résultats et les mêmes erreurs', async () => {
    const seul = creerPoolAccuses({ taille: 1 });
    assert.equal(seul.taille, 1);
    assert.ok((await seul.rendre(accuseExemple(4))).equals(await rendreAccuse(accuseExemple(4))));
    await assert.rejects(seul.rendre({ ...accuseExemple(), valideeLe: new Date(Number.NaN) }), RangeError);
    await seul.fermer();
    await assert.rejects(seul.rendre(accuseExemple()), /fermé/);
  });

  test('un pool oublié sans fermer() ne retient pas le processus une fois ses demandes rendues', () => {
    const script = `import { creerPoolAccuses } from ${JSON.stringify(new URL('./lot.ts', import.meta.url).href)};
      import { accuseExemple } from ${JSON.stringify(new URL('./accuse/accuse.fixtures.ts', import.meta.url).href)};
      const pool = creerPoolAccuses({ taille: 2 });
      const pdf = await pool.rendre(accuseExemple());
      console.log(pdf.length > 1000 ? 'rendu' : 'vide');`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.signal, null, 'le processus a dû être tué : il ne se terminait pas');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'rendu');
  });

  test('une taille de pool impossible est refusée', () => {
    assert.throws(() => creerPoolAccuses({ taille: 0 }), RangeError);
    assert.throws(() => creerPoolAccuses({ taille: 1.5 }), RangeError);
  });
});
