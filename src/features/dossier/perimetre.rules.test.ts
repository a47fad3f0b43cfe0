import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { corpsDansPerimetre, couvreLAcademie, couvreLeCorps, estCourant, estDansPerimetre, estGeographique, estPartiel, roleDeLecture } from './perimetre.rules.ts';
import { CAS_PERIMETRE } from './perimetre.fixtures.ts';

describe('périmètre de lecture des dossiers', () => {
  for (const [titre, perimetre, agent, attendu] of CAS_PERIMETRE) {
    test(titre, () => assert.equal(estDansPerimetre(perimetre, agent), attendu));
  }
});

describe('périmètre et campagnes, périmètre et import', () => {
  const tousLesCorps = { corps: ['PE', 'CERTIFIE', 'AGREGE', 'PLP', 'PEPS', 'CPE', 'PSYEN'] };
  const cas: Array<[string, boolean, boolean]> = [
    ['un périmètre sans corps couvre la campagne PE', corpsDansPerimetre({ departements: ['080'] }, 'PE'), true],
    ['un périmètre CERTIFIE ne couvre pas la campagne PE', corpsDansPerimetre({ corps: ['CERTIFIE'] }, 'PE'), false],
    ['un périmètre par département est géographique', estGeographique({ departements: ['080'] }), true],
    ['un périmètre par corps seul n’est pas géographique', estGeographique({ corps: ['PE'], etablissements: [] }), false],
    ['un gestionnaire PE de toute l’académie couvre le corps PE', couvreLeCorps({ corps: ['PE'] }, 'PE'), true],
    ['un gestionnaire PE d’un département ne couvre pas tout le corps', couvreLeCorps({ corps: ['PE'], departements: ['080'] }, 'PE'), false],
    ['un gestionnaire d’un établissement ne couvre aucun corps entier', couvreLeCorps({ etablissements: ['0600001X'] }, 'CERTIFIE'), false],
    ['un périmètre par discipline n’est pas géographique', estGeographique({ disciplines: ['MATHEMATIQUES'] }), false],
    ['un périmètre par discipline est partiel : ses chiffres ne couvrent pas tout le corps', estPartiel({ corps: ['CERTIFIE'], disciplines: ['MATHEMATIQUES'] }), true],
    ['un périmètre par département est partiel', estPartiel({ departements: ['080'] }), true],
    ['un périmètre par corps seul n’est pas partiel', estPartiel({ corps: ['PE'], disciplines: [] }), false],
    ['un inspecteur de mathématiques ne couvre pas tout le corps CERTIFIE', couvreLeCorps({ corps: ['CERTIFIE'], disciplines: ['MATHEMATIQUES'] }, 'CERTIFIE'), false],
    ['un périmètre vide couvre l’académie', couvreLAcademie({}), true],
    ['tous les corps nommés couvrent l’académie', couvreLAcademie(tousLesCorps), true],
    ['un corps de moins ne la couvre pas', couvreLAcademie({ corps: tousLesCorps.corps.slice(1) }), false],
    ['tous les corps dans un département ne la couvrent pas', couvreLAcademie({ ...tousLesCorps, departements: ['080'] }), false],
  ];
  for (const [titre, obtenu, attendu] of cas) test(titre, () => assert.equal(obtenu, attendu));
});

describe('rôle de lecture', () => {
  test('un agent seul n’a pas de rôle de lecture', () => assert.equal(roleDeLecture(['AGENT']), null));
  test('un administrateur seul n’a pas de rôle de lecture', () => assert.equal(roleDeLecture(['ADMINISTRATEUR']), null));
  test('le gestionnaire passe avant l’évaluateur', () => assert.equal(roleDeLecture(['EVALUATEUR', 'GESTIONNAIRE']), 'GESTIONNAIRE'));
  test('l’autorité lit sous son rôle', () => assert.equal(roleDeLecture(['AGENT', 'AUTORITE']), 'AUTORITE'));
});

describe('affectation en cours', () => {
  const cas2: Array<[string, { date_debut: string; date_fin: string | null }, boolean]> = [
    ['commencée et sans fin', { date_debut: '2020-09-01', date_fin: null }, true],
    ['finie la veille', { date_debut: '2020-09-01', date_fin: '2026-11-29' }, false],
    ['finit le jour même', { date_debut: '2020-09-01', date_fin: '2026-11-30' }, true],
    ['commence le lendemain', { date_debut: '2026-12-01', date_fin: null }, false],
    ['commence le jour même', { date_debut: '2026-11-30', date_fin: null }, true],
    ['d’un seul jour, ce jour-là', { date_debut: '2026-11-30', date_fin: '2026-11-30' }, true],
  ];
  for (const [titre, ligne, attendu] of cas2) test(titre, () => assert.equal(estCourant(ligne, '2026-11-30'), attendu));
});
