import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Perimetre } from '../../db/schema.ts';
import { estCourant, estDansPerimetre, roleDeLecture, type AgentPourPerimetre } from './perimetre.rules.ts';

const peAmiens: AgentPourPerimetre = { corps: 'PE', affectationsCourantes: [{ uai: '0801234A', departement: '080' }] };
const certifieOise: AgentPourPerimetre = { corps: 'CERTIFIE', affectationsCourantes: [{ uai: '0600001X', departement: '060' }] };
const peDeuxEcoles: AgentPourPerimetre = { corps: 'PE', affectationsCourantes: [{ uai: '0600002Y', departement: '060' }, { uai: '0801500K', departement: '080' }] };
const peSansAffectation: AgentPourPerimetre = { corps: 'PE', affectationsCourantes: [] };

const cas: Array<[string, Perimetre, AgentPourPerimetre, boolean]> = [
  ['un périmètre vide couvre toute l’académie', {}, certifieOise, true],
  ['des listes vides valent « non renseigné »', { corps: [], departements: [], etablissements: [] }, certifieOise, true],
  ['le corps de l’agent est dans la liste', { corps: ['PE', 'CPE'] }, peAmiens, true],
  ['le corps de l’agent n’est pas dans la liste', { corps: ['CERTIFIE'] }, peAmiens, false],
  ['le département d’une affectation en cours est dans la liste', { departements: ['080'] }, peAmiens, true],
  ['aucune affectation en cours dans le département', { departements: ['080'] }, certifieOise, false],
  ['l’UAI d’une affectation en cours est dans la liste', { etablissements: ['0600001X'] }, certifieOise, true],
  ['département ou établissement : l’un des deux suffit', { departements: ['080'], etablissements: ['0600001X'] }, certifieOise, true],
  ['corps ET géographie : le bon département mais pas le bon corps', { corps: ['CERTIFIE'], departements: ['080'] }, peAmiens, false],
  ['corps ET géographie : les deux conditions tenues', { corps: ['PE'], departements: ['080'] }, peAmiens, true],
  ['une seule de deux affectations en cours suffit', { departements: ['080'] }, peDeuxEcoles, true],
  ['sans affectation en cours, un périmètre géographique ne couvre pas l’agent', { departements: ['080'] }, peSansAffectation, false],
  ['sans affectation en cours, un périmètre par corps seul le couvre', { corps: ['PE'] }, peSansAffectation, true],
];

describe('périmètre de lecture des dossiers', () => {
  for (const [titre, perimetre, agent, attendu] of cas) {
    test(titre, () => assert.equal(estDansPerimetre(perimetre, agent), attendu));
  }
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
  ];
  for (const [titre, ligne, attendu] of cas2) test(titre, () => assert.equal(estCourant(ligne, '2026-11-30'), attendu));
});
