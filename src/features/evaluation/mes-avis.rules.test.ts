import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { avisVisibles, avisVisiblesLe } from './mes-avis.rules.ts';

describe('avis et appréciations montrés à l’agent', () => {
  const le = new Date('2027-03-01T08:00:00Z');
  const cas: Array<[string, { avis_visibles_le: Date | null; publiee_le: Date | null }, Date, boolean]> = [
    ['une milliseconde avant la date de la campagne : cachés', { avis_visibles_le: le, publiee_le: null }, new Date(le.getTime() - 1), false],
    ['à la date de la campagne : montrés', { avis_visibles_le: le, publiee_le: null }, le, true],
    ['après la date de la campagne : montrés', { avis_visibles_le: le, publiee_le: null }, new Date('2027-06-01T00:00:00Z'), true],
    ['sans date ni publication : cachés, même longtemps après', { avis_visibles_le: null, publiee_le: null }, new Date('2030-01-01T00:00:00Z'), false],
    ['sans date, une milliseconde avant la publication : cachés', { avis_visibles_le: null, publiee_le: le }, new Date(le.getTime() - 1), false],
    ['sans date, à la publication : montrés', { avis_visibles_le: null, publiee_le: le }, le, true],
    ['une date postérieure à la publication l’emporte : cachés jusqu’à elle', { avis_visibles_le: new Date('2027-04-01T00:00:00Z'), publiee_le: le }, new Date('2027-03-31T23:59:59.999Z'), false],
  ];
  for (const [titre, c, instant, attendu] of cas) test(titre, () => assert.equal(avisVisibles(c, instant), attendu));
  test('la date montrée est celle de la campagne, sinon celle de la publication, sinon aucune', () => {
    assert.equal(avisVisiblesLe({ avis_visibles_le: le, publiee_le: null }), le);
    assert.equal(avisVisiblesLe({ avis_visibles_le: null, publiee_le: le }), le);
    assert.equal(avisVisiblesLe({ avis_visibles_le: null, publiee_le: null }), null);
  });
});
