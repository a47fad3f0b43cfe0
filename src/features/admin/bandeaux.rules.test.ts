import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { erreursPeriode, etatBandeau, instantVersSaisieParis, parisVersInstant, saisieParisVersInstant } from './bandeaux.rules.ts';

describe('heure de Paris saisie → instant', () => {
  const cas: Array<[string, string, string]> = [
    ['en hiver Paris est à UTC+1', '2026-01-15T10:00', '2026-01-15T09:00:00.000Z'],
    ['en été Paris est à UTC+2', '2026-07-14T10:00', '2026-07-14T08:00:00.000Z'],
    ['la dernière minute avant le passage à l’heure d’été', '2026-03-29T01:59', '2026-03-29T00:59:00.000Z'],
    ['03:00 le jour du passage à l’heure d’été', '2026-03-29T03:00', '2026-03-29T01:00:00.000Z'],
    ['l’heure répétée du passage à l’heure d’hiver est prise à sa première occurrence', '2026-10-25T02:30', '2026-10-25T00:30:00.000Z'],
    ['01:59 avant le passage à l’heure d’hiver', '2026-10-25T01:59', '2026-10-24T23:59:00.000Z'],
    ['03:00 après le passage à l’heure d’hiver', '2026-10-25T03:00', '2026-10-25T02:00:00.000Z'],
    ['minuit le 1er janvier', '2027-01-01T00:00', '2026-12-31T23:00:00.000Z'],
    ['les secondes sont acceptées', '2026-07-14T10:00:30', '2026-07-14T08:00:30.000Z'],
    ['29 février d’une année bissextile', '2028-02-29T12:00', '2028-02-29T11:00:00.000Z'],
  ];
  for (const [titre, saisie, attendu] of cas) {
    test(titre, () => {
      const r = parisVersInstant(saisie);
      assert.ok(r.ok, `refusé : ${saisie}`);
      assert.equal(r.instant.toISOString(), attendu);
    });
  }

  test('les heures sautées au passage à l’heure d’été n’existent pas', () => {
    for (const s of ['2026-03-29T02:00', '2026-03-29T02:30', '2026-03-29T02:59']) assert.deepEqual(parisVersInstant(s), { ok: false, raison: 'HEURE_INEXISTANTE' });
  });

  const mauvais = ['', '2026-02-30T10:00', '2027-02-29T10:00', '2026-13-01T10:00', '2026-01-01T24:00', '2026-01-01T10:60', '2026-01-01 10:00', '2026-01-01', '10:00', '1899-12-31T10:00', '2026-1-1T10:00', 'x2026-01-01T10:00'];
  for (const s of mauvais) {
    test(`refuse le format « ${s} »`, () => assert.deepEqual(parisVersInstant(s), { ok: false, raison: 'FORMAT' }));
  }
});

describe('date et heure saisies à la main ou par le champ du navigateur', () => {
  const cas: Array<[string, string, string]> = [
    ['la forme du champ datetime-local', '2026-12-15T17:00', '2026-12-15T16:00:00.000Z'],
    ['la forme française JJ/MM/AAAA HH:MM', '15/12/2026 17:00', '2026-12-15T16:00:00.000Z'],
    ['des espaces autour et entre date et heure', '  15/12/2026   17:00 ', '2026-12-15T16:00:00.000Z'],
    ['la forme française en été', '14/07/2026 10:00', '2026-07-14T08:00:00.000Z'],
  ];
  for (const [titre, saisie, attendu] of cas) {
    test(titre, () => {
      const r = saisieParisVersInstant(saisie);
      assert.ok(r.ok, `refusé : ${saisie}`);
      assert.equal(r.instant.toISOString(), attendu);
    });
  }
  test('l’heure sautée au passage à l’heure d’été, sous la forme française', () => assert.deepEqual(saisieParisVersInstant('29/03/2026 02:30'), { ok: false, raison: 'HEURE_INEXISTANTE' }));
  for (const s of ['30/02/2026 10:00', '15/12/2026', '15/12/26 17:00', '15-12-2026 17:00', '2026/12/15 17:00', '15/12/2026 17h00', '1/12/2026 17:00']) {
    test(`refuse « ${s} »`, () => assert.deepEqual(saisieParisVersInstant(s), { ok: false, raison: 'FORMAT' }));
  }
});

describe('instant → heure de Paris à afficher dans le champ', () => {
  const cas: Array<[string, string]> = [
    ['2026-01-15T09:00:00Z', '2026-01-15T10:00'],
    ['2026-07-14T08:00:00Z', '2026-07-14T10:00'],
    ['2026-03-29T00:59:00Z', '2026-03-29T01:59'],
    ['2026-03-29T01:00:00Z', '2026-03-29T03:00'],
    ['2026-10-25T00:30:00Z', '2026-10-25T02:30'],
    ['2026-10-25T01:30:00Z', '2026-10-25T02:30'],
    ['2026-12-31T23:00:00Z', '2027-01-01T00:00'],
  ];
  for (const [instant, attendu] of cas) {
    test(`${instant} s’affiche ${attendu}`, () => assert.equal(instantVersSaisieParis(new Date(instant)), attendu));
  }

  test('aller-retour sur toutes les demi-heures d’une année', () => {
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 30 * 60_000) {
      const saisie = instantVersSaisieParis(new Date(t));
      const r = parisVersInstant(saisie);
      assert.ok(r.ok, saisie);
      // Only the second occurrence of the repeated autumn hour maps back to the first one.
      if (r.instant.getTime() !== t) assert.equal(t - r.instant.getTime(), 3_600_000, saisie);
    }
  });
});

describe('période d’un bandeau', () => {
  const d = new Date('2026-12-01T08:00:00Z');
  test('sans bornes, elle est valide', () => assert.deepEqual(erreursPeriode(null, null), {}));
  test('une fin seule est valide', () => assert.deepEqual(erreursPeriode(null, d), {}));
  test('une fin après le début est valide', () => assert.deepEqual(erreursPeriode(d, new Date(d.getTime() + 60_000)), {}));
  test('une fin égale au début est refusée', () => assert.ok(erreursPeriode(d, d).fin));
  test('une fin avant le début est refusée', () => assert.ok(erreursPeriode(d, new Date(d.getTime() - 1)).fin));
});

describe('état d’un bandeau', () => {
  const t = new Date('2026-12-01T08:00:00Z');
  const avant = new Date(t.getTime() - 1);
  const apres = new Date(t.getTime() + 1);
  const cas: Array<[string, { actif: boolean; debut: Date | null; fin: Date | null }, string]> = [
    ['actif sans bornes : affiché', { actif: true, debut: null, fin: null }, 'EN_COURS'],
    ['désactivé : jamais affiché', { actif: false, debut: null, fin: null }, 'DESACTIVE'],
    ['début à venir : programmé', { actif: true, debut: apres, fin: null }, 'A_VENIR'],
    ['début à l’instant même : affiché', { actif: true, debut: t, fin: null }, 'EN_COURS'],
    ['fin à l’instant même : terminé', { actif: true, debut: avant, fin: t }, 'TERMINE'],
    ['fin à venir : affiché', { actif: true, debut: avant, fin: apres }, 'EN_COURS'],
  ];
  for (const [titre, b, attendu] of cas) test(titre, () => assert.equal(etatBandeau(b, t), attendu));
});
