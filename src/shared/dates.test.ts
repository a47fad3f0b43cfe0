import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateHeureCourte, dateHeureParis, dateIsoParis, dateParis, heureParis } from './dates.ts';

// The reference: Intl's own formatting in Europe/Paris, as the functions did before their offset cache.
const dateIntl = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' });
const heureIntl = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

describe('dates et heures de Paris', () => {
  const cas: Array<[string, string, string]> = [
    ['2019-08-31T21:59:59.999Z', '31/08/2019', '23:59'],
    ['2019-08-31T22:00:00.000Z', '01/09/2019', '00:00'],
    // passage à l’heure d’été : 02:00 CET devient 03:00 CEST à 01:00 UTC
    ['2026-03-29T00:59:59.999Z', '29/03/2026', '01:59'],
    ['2026-03-29T01:00:00.000Z', '29/03/2026', '03:00'],
    // retour à l’heure d’hiver : 03:00 CEST redevient 02:00 CET à 01:00 UTC
    ['2026-10-25T00:59:59.999Z', '25/10/2026', '02:59'],
    ['2026-10-25T01:00:00.000Z', '25/10/2026', '02:00'],
    ['2026-12-31T23:00:00.000Z', '01/01/2027', '00:00'],
    ['2026-12-15T16:00:00.000Z', '15/12/2026', '17:00'],
    ['1975-06-01T12:00:00.000Z', '01/06/1975', '13:00'], // avant l’heure d’été en France (1976) : UTC+1
    ['2000-02-29T23:30:00.000Z', '01/03/2000', '00:30'],
  ];
  for (const [iso, jour, heure] of cas) {
    it(`${iso} → ${jour} ${heure}`, () => {
      const d = new Date(iso);
      assert.equal(dateParis(d), jour);
      assert.equal(heureParis(d), heure);
      assert.equal(dateHeureParis(d), `le ${jour} à ${heure}`);
      assert.equal(dateHeureCourte(d), `${jour} à ${heure}`);
      assert.equal(dateIsoParis(d), jour.split('/').reverse().join('-'));
    });
  }

  it('identiques à Intl pour 20 000 instants de 1950 à 2060, et autour de chaque changement d’heure de 1976 à 2040', () => {
    let graine = 42;
    const hasard = () => ((graine = (graine * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const instants: number[] = [];
    const debut = Date.UTC(1950, 0, 1);
    const fin = Date.UTC(2060, 0, 1);
    for (let i = 0; i < 20_000; i++) instants.push(Math.floor(debut + hasard() * (fin - debut)));
    for (let annee = 1976; annee <= 2040; annee++) {
      for (const mois of [2, 3, 8, 9, 10]) {
        for (let jour = 1; jour <= 31; jour++) {
          for (const minute of [-1, 0, 59, 60, 61, 119, 120]) instants.push(Date.UTC(annee, mois, jour, 0, minute, 30) - 1);
        }
      }
    }
    for (const t of instants) {
      const d = new Date(t);
      assert.equal(dateParis(d), dateIntl.format(d), d.toISOString());
      assert.equal(heureParis(d), heureIntl.format(d), d.toISOString());
    }
  });
});
