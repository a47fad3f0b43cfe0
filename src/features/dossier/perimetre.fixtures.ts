import type { Perimetre } from '../../db/schema.ts';
import type { AgentPourPerimetre } from './perimetre.rules.ts';

/**
 * The cases of the scope rule, shared by its pure test (perimetre.rules.test.ts) and the test of its SQL form
 * (perimetre.int.test.ts): both must give the expected answer on every row.
 */

const peAmiens: AgentPourPerimetre = { corps: 'PE', affectationsCourantes: [{ uai: '0801234A', departement: '080' }] };
const certifieOise: AgentPourPerimetre = { corps: 'CERTIFIE', affectationsCourantes: [{ uai: '0600001X', departement: '060' }] };
const peDeuxEcoles: AgentPourPerimetre = { corps: 'PE', affectationsCourantes: [{ uai: '0600002Y', departement: '060' }, { uai: '0801500K', departement: '080' }] };
const peSansAffectation: AgentPourPerimetre = { corps: 'PE', affectationsCourantes: [] };

export const CAS_PERIMETRE: Array<[string, Perimetre, AgentPourPerimetre, boolean]> = [
  ['un périmètre vide couvre toute l’académie', {}, certifieOise, true],
  ['des listes vides valent « non renseigné »', { corps: [], departements: [], etablissements: [] }, certifieOise, true],
  ['le corps de l’agent est dans la liste', { corps: ['PE', 'CPE'] }, peAmiens, true],
  ['le corps de l’agent n’est pas dans la liste', { corps: ['CERTIFIE'] }, peAmiens, false],
  ['le département d’une affectation en cours est dans la liste', { departements: ['080'] }, peAmiens, true],
  ['aucune affectation en cours dans le département', { departements: ['080'] }, certifieOise, false],
  ['l’UAI d’une affectation en cours est dans la liste', { etablissements: ['0600001X'] }, certifieOise, true],
  ['l’UAI d’une affectation en cours n’est pas dans la liste', { etablissements: ['0801234A'] }, certifieOise, false],
  ['département ou établissement : l’un des deux suffit', { departements: ['080'], etablissements: ['0600001X'] }, certifieOise, true],
  ['département ou établissement : ni l’un ni l’autre', { departements: ['002'], etablissements: ['0801500K'] }, certifieOise, false],
  ['corps ET géographie : le bon département mais pas le bon corps', { corps: ['CERTIFIE'], departements: ['080'] }, peAmiens, false],
  ['corps ET géographie : le bon corps mais pas le bon département', { corps: ['PE'], departements: ['002'] }, peAmiens, false],
  ['corps ET géographie : les deux conditions tenues', { corps: ['PE'], departements: ['080'] }, peAmiens, true],
  ['corps ET établissement : les deux conditions tenues', { corps: ['CERTIFIE'], etablissements: ['0600001X'] }, certifieOise, true],
  ['une seule de deux affectations en cours suffit', { departements: ['080'] }, peDeuxEcoles, true],
  ['sans affectation en cours, un périmètre géographique ne couvre pas l’agent', { departements: ['080'] }, peSansAffectation, false],
  ['sans affectation en cours, un périmètre par corps seul le couvre', { corps: ['PE'] }, peSansAffectation, true],
];
