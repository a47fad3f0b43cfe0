import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyserFormulaire } from '../../shared/http/formulaire.ts';
import { periodeDeclaree } from './candidature.schemas.ts';

describe('dates d’une période déclarée : le format que le message annonce est accepté', () => {
  const schema = periodeDeclaree(['DIRECTEUR_ECOLE'], '2019-08-31');
  const periode = (du: string, au: string) => analyserFormulaire(schema, { du, au, nature: 'FONCTION', fonction: 'DIRECTEUR_ECOLE', etablissement: 'École', commentaire: '' });

  const acceptees: Array<[string, string, string]> = [
    ['le format du sélecteur de date (AAAA-MM-JJ)', '2009-09-01', '2010-08-31'],
    ['le format français saisi à la main (JJ/MM/AAAA)', '01/09/2009', '31/08/2010'],
    ['un format de chaque sorte', '01/09/2009', '2010-08-31'],
  ];
  for (const [titre, du, au] of acceptees) {
    test(titre, () => {
      const r = periode(du, au);
      assert.ok(r.ok, JSON.stringify(r));
      assert.deepEqual([r.valeurs.du, r.valeurs.au], ['2009-09-01', '2010-08-31']);
    });
  }

  const refusees: Array<[string, string, string, Record<string, string>]> = [
    ['une date française inexistante', '30/02/2009', '31/08/2010', { du: 'Du : cette date n’existe pas.' }],
    ['un autre format', '1/9/2009', '31/08/2010', { du: 'Du : date attendue au format JJ/MM/AAAA.' }],
    ['une fin avant le début, en français', '01/09/2010', '31/08/2009', { au: 'La fin de la période précède son début.' }],
  ];
  for (const [titre, du, au, erreurs] of refusees) test(titre, () => assert.deepEqual(periode(du, au), { ok: false, erreurs }));
});
