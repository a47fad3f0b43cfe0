import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluerEligibilite } from '../eligibilite/eligibilite.rules.ts';
import { reglesPour } from '../eligibilite/regles.ts';
import { dossier } from '../eligibilite/test-fabrique.ts';
import type { LigneService } from '../../carriere/enregistrements.ts';
import { periodesPreremplies } from './candidature.rules.ts';

function service(du: string, au: string | null, uai: string, fonction: LigneService['fonction']): LigneService {
  return { agent_id: 'A1', date_debut: du, date_fin: au, uai, fonction, part_service: 100, statut: 'TITULAIRE', faisant_fonction: false };
}

describe('périodes préremplies de la candidature', () => {
  test('dix années consécutives de direction d’école donnent une seule période', () => {
    const services = [service('2009-09-01', null, '0801234A', 'DIRECTEUR_ECOLE')];
    const v = evaluerEligibilite(dossier({ carriere: [['2015-09-01', 'HC', 3]], services }), reglesPour(2019));
    const p = periodesPreremplies(v.annees, services, (u) => (u === '0801234A' ? 'École Jules Verne' : u));
    assert.deepEqual(p, [{ du: '2009-09-01', au: '2019-08-31', nature: 'FONCTION', fonction: 'DIRECTEUR_ECOLE', etablissement: 'École Jules Verne' }]);
  });

  test('une année non retenue coupe la période en deux', () => {
    const services = [service('2009-09-01', '2012-08-31', '0801234A', 'DIRECTEUR_ECOLE'), service('2012-09-01', '2013-08-31', '0801234A', 'ENSEIGNEMENT'), service('2013-09-01', null, '0801234A', 'DIRECTEUR_ECOLE')];
    const v = evaluerEligibilite(dossier({ carriere: [['2015-09-01', 'HC', 3]], services }), reglesPour(2019));
    const p = periodesPreremplies(v.annees, services, (u) => u);
    assert.deepEqual(p.map((x) => [x.du, x.au]), [
      ['2009-09-01', '2012-08-31'],
      ['2013-09-01', '2019-08-31'],
    ]);
  });

  test('aucune année retenue : aucune période', () => {
    const services = [service('2009-09-01', null, '0801234A', 'ENSEIGNEMENT')];
    const v = evaluerEligibilite(dossier({ carriere: [['2015-09-01', 'HC', 3]], services }), reglesPour(2019));
    assert.deepEqual(periodesPreremplies(v.annees, services, (u) => u), []);
  });
});
