import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aplatir, relirePdf } from '../relecture.ts';
import { ficheExemple, ficheLongue } from './fiche.fixtures.ts';
import { rendreFiche } from './fiche.pdf.ts';
import { couperEnLignes } from './tableau.ts';

describe('Fiche de candidature (PDF)', () => {
  test('la fiche relue contient l’en-tête, le titre, la campagne, l’identité accentuée, l’éligibilité, les périodes, l’état et la date d’établissement à l’heure de Paris', async () => {
    const { texte, pages, info } = relirePdf(await rendreFiche(ficheExemple()));
    const plat = aplatir(texte);
    for (const attendu of [
      'RÉPUBLIQUE',
      'FRANÇAISE',
      'Académie — I-Prof',
      'Fiche de candidature — accès à la classe exceptionnelle',
      'Accès à la classe exceptionnelle — professeurs des écoles —',
      'Clôture des candidatures le 12/04/2019 à 12:00',
      'Mme LEFÈVRE-CŒUR Hélène',
      'A0012345',
      '12/04/1970',
      'Hors-classe, 3e échelon depuis le 01/03/2018',
      'Vous relevez du premier vivier : fonctions particulières et éducation prioritaire.',
      'Années retenues 8 années sur 8 requises',
      'Année scolaire Qualifiante Explication',
      '2013-2014 Oui Directrice d’école à 100 % toute l’année.',
      'Affectée en « éducation prioritaire » (REP+) toute l’année.',
      'Du 01/09/2014 au 31/08/2018 — Éducation prioritaire',
      'Coordination du réseau, œuvre collective avec l’équipe ; ça compte',
      'arrêté-d’affectation-2014.pdf — SHA-256 c0ffee012345…',
      'rapport_activité_REP+.pdf — SHA-256 3f2a9c1b77de…',
      'État Enregistrée (validée)',
      // 16:32 UTC is 18:32 in Paris in April.
      'Fiche établie le 10/04/2019 à 18:32.',
    ]) {
      assert.ok(plat.includes(attendu), `« ${attendu} » manque dans :\n${texte}`);
    }
    assert.equal(pages, 2);
    assert.ok(plat.includes('Page 1 / 2') && plat.includes('Page 2 / 2'));
    assert.equal(info.Title, 'Fiche de candidature — accès à la classe exceptionnelle — Hélène LEFÈVRE-CŒUR');
    assert.equal(info.CreationDate, '2019-04-10T16:32:00Z');
    assert.equal(info.ModDate, '2019-04-10T16:32:00Z');
  });

  test('une fiche longue s’étend sur plusieurs pages numérotées, répète l’en-tête du tableau et coupe la ligne plus haute qu’une page sans rien perdre', async () => {
    const { texte, pages } = relirePdf(await rendreFiche(ficheLongue()));
    assert.ok(pages > 3, `${pages} pages`);
    const plat = aplatir(texte);
    assert.ok(plat.includes(`Page ${pages} / ${pages}`));
    assert.ok((texte.match(/Année scolaire\s+Qualifiante\s+Explication/g) ?? []).length >= 3, 'en-tête du tableau répété');
    assert.ok(plat.includes('2006-2007 (suite)'));
    assert.ok(plat.includes('Fin de l’explication de 2006-2007.'));
    // The word without spaces is cut between characters, not lost.
    assert.ok(aplatir(texte.replace(/\n\s*/g, '')).includes('x'.repeat(40)));
    assert.ok(plat.includes('2018-2019'));
    assert.ok(plat.includes('Période n° 12 :'));
    assert.ok(plat.includes('Fiche établie le 10/04/2019 à 18:32.'));
    // Every page has the header and its footer.
    assert.equal((texte.match(/Académie — I-Prof/g) ?? []).length, pages);
  });

  test('deux rendus des mêmes données donnent les mêmes octets (dates du PDF et identifiant de fichier tirés de la fiche)', async () => {
    const a = await rendreFiche(ficheLongue());
    await rendreFiche(ficheExemple());
    const b = await rendreFiche(ficheLongue());
    assert.ok(a.equals(b));
    const autre = await rendreFiche({ ...ficheLongue(), etablieLe: new Date('2019-04-10T16:33:00Z') });
    assert.ok(!a.equals(autre));
  });

  test('une valeur impossible à afficher est refusée en nommant le champ', async () => {
    await assert.rejects(rendreFiche({ ...ficheExemple(), etablieLe: new Date('pas une date') }), { name: 'RangeError', message: /« etablieLe »/ });
    const f = ficheExemple();
    await assert.rejects(rendreFiche({ ...f, identite: { ...f.identite, dateNaissance: '12/04/1970' } }), /« identite.dateNaissance »/);
    await assert.rejects(rendreFiche({ ...f, periodes: [{ ...f.periodes[1]!, pieces: [{ nom: 'a.pdf', sha256: 'abc' }] }] }), /« periodes\[0\].pieces\[0\].sha256 »/);
  });
});

describe('Coupure des lignes d’une cellule', () => {
  const mesure = (t: string) => t.length;
  for (const [titre, texte, largeur, attendu] of [
    ['un texte court tient sur une ligne', 'Oui', 10, ['Oui']],
    ['les mots passent à la ligne sur les espaces', 'Directrice d’école à 100 %', 12, ['Directrice', 'd’école à', '100 %']],
    ['une espace insécable ne coupe jamais', 'à 100\u00a0% toute', 6, ['à', '100\u00a0%', 'toute']],
    ['un mot plus long que la ligne est coupé entre les caractères', 'abcdefghij', 4, ['abcd', 'efgh', 'ij']],
    ['les sauts de ligne sont gardés', 'un\ndeux', 10, ['un', 'deux']],
    ['un texte vide donne une ligne vide', '', 10, ['']],
  ] as const) {
    test(titre, () => assert.deepEqual(couperEnLignes(texte, largeur, mesure), attendu));
  }
});
