import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  STATUTS_CANDIDATURE,
  EVENEMENTS_CANDIDATURE,
  LIBELLE_STATUT_CANDIDATURE,
  transitionCandidature,
  type EvenementCandidature,
  type StatutCandidature,
} from './candidature.machine.ts';
import {
  dansLaFenetre,
  echeanceDue,
  EVENEMENTS_CAMPAGNE,
  LIBELLE_EVENEMENT_CAMPAGNE,
  LIBELLE_STATUT_CAMPAGNE,
  STATUTS_CAMPAGNE,
  transitionCampagne,
  verifierEnExamen,
  visiblePourAgent,
  type EtatEcheances,
  type EvenementCampagne,
  type RegimeCampagne,
  type StatutCampagne,
} from './campagne.machine.ts';
import { RegleMetierError } from '../../shared/errors.ts';

describe('cycle de vie de la candidature', () => {
  const permises: Array<[StatutCandidature, EvenementCandidature, StatutCandidature]> = [
    ['BROUILLON', 'VALIDER', 'ENREGISTREE'],
    ['ENREGISTREE', 'ANNULER', 'ANNULEE'],
    ['ANNULEE', 'VALIDER', 'ENREGISTREE'],
    ['ANNULEE', 'MODIFIER', 'BROUILLON'],
    ['BROUILLON', 'MODIFIER', 'BROUILLON'],
    ['ENREGISTREE', 'CLORE', 'DEPOSEE'],
    ['DEPOSEE', 'DECLARER_RECEVABLE', 'RECEVABLE'],
    ['DEPOSEE', 'DECLARER_IRRECEVABLE', 'IRRECEVABLE'],
    ['RECEVABLE', 'PROMOUVOIR', 'PROMU'],
    ['RECEVABLE', 'NE_PAS_PROMOUVOIR', 'NON_PROMU'],
    ['IRRECEVABLE', 'NE_PAS_PROMOUVOIR', 'NON_PROMU'],
    // An IRRECEVABLE agent is still examined in vivier 2 (DOMAIN.md §5) and may be promoted there.
    ['IRRECEVABLE', 'PROMOUVOIR', 'PROMU'],
    // The gestionnaire may revise an admissibility decision until the table is published.
    ['RECEVABLE', 'DECLARER_IRRECEVABLE', 'IRRECEVABLE'],
    ['IRRECEVABLE', 'DECLARER_RECEVABLE', 'RECEVABLE'],
  ];
  for (const [de, ev, vers] of permises) test(`${de} puis ${ev} donne ${vers}`, () => assert.equal(transitionCandidature(de, ev), vers));

  const cles = new Set(permises.map(([d, e]) => `${d}/${e}`));
  const autres = STATUTS_CANDIDATURE.flatMap((d) => EVENEMENTS_CANDIDATURE.map((e) => [d, e] as const)).filter(([d, e]) => !cles.has(`${d}/${e}`));
  test(`les ${autres.length} autres couples sont refusés par une erreur métier`, () => {
    for (const [d, e] of autres) {
      assert.throws(() => transitionCandidature(d, e), RegleMetierError, `${d}/${e}`);
    }
  });
  test('une candidature validée ne se modifie pas sans être annulée', () => {
    assert.throws(() => transitionCandidature('ENREGISTREE', 'MODIFIER'), /annulez-la d’abord/);
  });
  test('un brouillon ou une candidature annulée ne sont pas déposés à la clôture', () => {
    assert.throws(() => transitionCandidature('BROUILLON', 'CLORE'));
    assert.throws(() => transitionCandidature('ANNULEE', 'CLORE'));
  });

  // What the agent or the gestionnaire reads when a move is refused: the code names the move, the message says why.
  const refus: Array<[StatutCandidature, EvenementCandidature, RegExp]> = [
    ['ENREGISTREE', 'VALIDER', /^Cette candidature ne peut pas être validée dans son état actuel\.$/],
    ['DEPOSEE', 'VALIDER', /^Cette candidature ne peut pas être validée/],
    ['BROUILLON', 'ANNULER', /^Seule une candidature enregistrée peut être annulée\.$/],
    ['DEPOSEE', 'ANNULER', /^Seule une candidature enregistrée peut être annulée\.$/],
    ['DEPOSEE', 'MODIFIER', /annulez-la d’abord/],
    ['PROMU', 'DECLARER_RECEVABLE', /^Action impossible : la candidature est « Promu\(e\) »\.$/],
    ['NON_PROMU', 'PROMOUVOIR', /^Action impossible : la candidature est « Non promu\(e\) »\.$/],
    ['BROUILLON', 'CLORE', /^Action impossible : la candidature est « En préparation \(non validée\) »\.$/],
  ];
  for (const [de, ev, message] of refus) {
    test(`refus de ${ev} depuis ${de} : code TRANSITION_INTERDITE_${de}_${ev} et message en français`, () => {
      assert.throws(
        () => transitionCandidature(de, ev),
        (e: unknown) => e instanceof RegleMetierError && e.code === `TRANSITION_INTERDITE_${de}_${ev}` && message.test(e.message),
      );
    });
  }
  test('chaque statut de candidature a son propre libellé (pages, accusés, historique)', () => {
    const libelles = STATUTS_CANDIDATURE.map((s) => LIBELLE_STATUT_CANDIDATURE[s]);
    for (const [i, l] of libelles.entries()) assert.notEqual(l.trim(), '', STATUTS_CANDIDATURE[i]);
    assert.equal(new Set(libelles).size, STATUTS_CANDIDATURE.length);
  });
});

describe('fenêtre de dépôt', () => {
  // Closing 2026-12-15 17:00 in Paris (winter time, UTC+1) = 16:00 UTC.
  const c = { ouverture: new Date('2026-12-01T08:00:00Z'), fermeture: new Date('2026-12-15T17:00:00+01:00') };
  const cas: Array<[string, string, boolean]> = [
    ['une milliseconde avant l’ouverture : fermée', '2026-12-01T07:59:59.999Z', false],
    ['à l’ouverture : ouverte', '2026-12-01T08:00:00.000Z', true],
    ['une milliseconde avant la fermeture : ouverte', '2026-12-15T15:59:59.999Z', true],
    ['à l’instant de fermeture : fermée', '2026-12-15T16:00:00.000Z', false],
    ['une milliseconde après : fermée', '2026-12-15T16:00:00.001Z', false],
  ];
  for (const [titre, instant, attendu] of cas) test(titre, () => assert.equal(dansLaFenetre(c, new Date(instant)), attendu));

  test('changement d’heure : une fermeture le 29 mars 2026 à 03:30 heure de Paris tombe à 01:30 UTC', () => {
    const ete = { ouverture: new Date('2026-03-01T00:00:00Z'), fermeture: new Date('2026-03-29T03:30:00+02:00') };
    assert.equal(dansLaFenetre(ete, new Date('2026-03-29T01:29:59.999Z')), true);
    assert.equal(dansLaFenetre(ete, new Date('2026-03-29T01:30:00.000Z')), false);
  });
});

describe('cycle de vie de la campagne', () => {
  const permises: Array<[RegimeCampagne[], StatutCampagne, EvenementCampagne, StatutCampagne]> = [
    [['A', 'B'], 'PREPARATION', 'OUVRIR', 'OUVERTE'],
    [['A', 'B'], 'OUVERTE', 'CLORE', 'CLOSE'],
    [['A', 'B'], 'CLOSE', 'EXAMINER', 'EN_EXAMEN'],
    // Regime C: no candidature, no window: the campaign opens into the examination (avis).
    [['C'], 'PREPARATION', 'OUVRIR', 'EN_EXAMEN'],
    [['A', 'B', 'C'], 'EN_EXAMEN', 'ARRETER', 'ARRETEE'],
    [['A', 'B', 'C'], 'ARRETEE', 'ROUVRIR', 'EN_EXAMEN'],
    [['A', 'B', 'C'], 'ARRETEE', 'PUBLIER', 'PUBLIEE'],
  ];
  for (const [regimes, de, ev, vers] of permises) {
    for (const r of regimes) test(`régime ${r} : ${de} puis ${ev} donne ${vers}`, () => assert.equal(transitionCampagne(de, ev, r), vers));
  }
  for (const r of ['A', 'B', 'C'] as const) {
    const cles = new Set(permises.filter(([rs]) => rs.includes(r)).map(([, d, e]) => `${d}/${e}`));
    const autres = STATUTS_CAMPAGNE.flatMap((d) => EVENEMENTS_CAMPAGNE.map((e) => [d, e] as const)).filter(([d, e]) => !cles.has(`${d}/${e}`));
    test(`régime ${r} : les ${autres.length} autres couples sont refusés par une erreur métier en français`, () => {
      for (const [d, e] of autres) assert.throws(() => transitionCampagne(d, e, r), (err: unknown) => err instanceof RegleMetierError && /^Action impossible : la campagne est « /.test(err.message), `${d}/${e}`);
    });
  }
  test('un tableau publié ne se rouvre pas', () =>
    assert.throws(() => transitionCampagne('PUBLIEE', 'ROUVRIR', 'A'), (e: unknown) => e instanceof RegleMetierError && e.code === 'CAMPAGNE_PUBLIEE_ROUVRIR' && /« Tableau publié »/.test(e.message)));
  test('régime C : une campagne ne se clôt pas, le code d’erreur nomme le statut et l’événement', () =>
    assert.throws(() => transitionCampagne('EN_EXAMEN', 'CLORE', 'C'), (e: unknown) => e instanceof RegleMetierError && e.code === 'CAMPAGNE_EN_EXAMEN_CLORE' && /« En examen »/.test(e.message)));
  test('chaque statut et chaque événement (création comprise, pour le journal) ont leur propre libellé', () => {
    const statuts = STATUTS_CAMPAGNE.map((s) => LIBELLE_STATUT_CAMPAGNE[s]);
    const evenements = (['CREER', ...EVENEMENTS_CAMPAGNE] as const).map((e) => LIBELLE_EVENEMENT_CAMPAGNE[e]);
    for (const l of [...statuts, ...evenements]) assert.notEqual(l.trim(), '', 'libellé vide');
    assert.equal(new Set(statuts).size, statuts.length);
    assert.equal(new Set(evenements).size, evenements.length);
  });

  const modifiables: Array<[StatutCampagne, RegExp | null]> = [
    ['PREPARATION', /n’a pas commencé/],
    ['OUVERTE', /n’a pas commencé/],
    ['CLOSE', /n’a pas commencé/],
    ['EN_EXAMEN', null],
    ['ARRETEE', /tableau est arrêté.*réouverture par l’autorité/],
    ['PUBLIEE', /tableau est arrêté/],
  ];
  for (const [statut, refus] of modifiables) {
    test(`campagne ${statut} : recevabilité, appréciations et avis ${refus ? 'refusés' : 'modifiables'}`, () => {
      if (refus) assert.throws(() => verifierEnExamen(statut), (e: unknown) => e instanceof RegleMetierError && e.code === 'CAMPAGNE_PAS_EN_EXAMEN' && refus.test(e.message));
      else assert.doesNotThrow(() => verifierEnExamen(statut));
    });
  }
});

describe('échéances de la campagne', () => {
  const c = { regime: 'A' as const, ouverture: new Date('2026-12-01T08:00:00Z'), fermeture: new Date('2026-12-15T16:00:00Z'), accusesEnAttente: 0, publication_le: null };
  const publication = new Date('2027-03-01T08:00:00Z');
  const cas: Array<[string, StatutCampagne, Partial<EtatEcheances>, string, EvenementCampagne | null]> = [
    ['avant l’ouverture, rien', 'PREPARATION', {}, '2026-12-01T07:59:59Z', null],
    ['à l’ouverture, ouvrir', 'PREPARATION', {}, '2026-12-01T08:00:00Z', 'OUVRIR'],
    ['régime C : à l’ouverture, ouvrir (vers l’examen)', 'PREPARATION', { regime: 'C' }, '2026-12-01T08:00:00Z', 'OUVRIR'],
    ['régime C : la date limite des avis ne clôt rien', 'EN_EXAMEN', { regime: 'C' }, '2026-12-20T00:00:00Z', null],
    ['close, accusés tous émis : examiner', 'CLOSE', {}, '2026-12-15T16:00:10Z', 'EXAMINER'],
    ['close, 3 accusés en attente : attendre', 'CLOSE', { accusesEnAttente: 3 }, '2026-12-20T00:00:00Z', null],
    ['régime B close (aucun accusé) : examiner', 'CLOSE', { regime: 'B' }, '2026-12-15T16:00:10Z', 'EXAMINER'],
    ['en examen : rien, l’autorité arrête le tableau', 'EN_EXAMEN', {}, '2027-06-01T00:00:00Z', null],
    ['arrêtée sans date de publication : rien', 'ARRETEE', {}, '2027-06-01T00:00:00Z', null],
    ['arrêtée, une seconde avant la publication : rien', 'ARRETEE', { publication_le: publication }, '2027-03-01T07:59:59Z', null],
    ['arrêtée, à l’instant de publication : publier', 'ARRETEE', { publication_le: publication }, '2027-03-01T08:00:00Z', 'PUBLIER'],
    ['après une panne, une publication passée est rattrapée', 'ARRETEE', { publication_le: publication }, '2027-04-01T00:00:00Z', 'PUBLIER'],
    ['publiée : plus rien', 'PUBLIEE', { publication_le: publication }, '2027-04-01T00:00:00Z', null],
  ];
  for (const [titre, statut, autres, maintenant, attendu] of cas) {
    test(titre, () => assert.equal(echeanceDue({ ...c, ...autres, statut }, new Date(maintenant)), attendu));
  }
  test('la clôture attend le délai de clôture après l’instant de fermeture', () => {
    assert.equal(echeanceDue({ ...c, statut: 'OUVERTE' }, new Date('2026-12-15T16:00:09.999Z'), 10_000), null);
    assert.equal(echeanceDue({ ...c, statut: 'OUVERTE' }, new Date('2026-12-15T16:00:10.000Z'), 10_000), 'CLORE');
  });
  test('après une panne couvrant les deux dates, ouvrir d’abord, puis clore, puis examiner', () => {
    const apres = new Date('2026-12-20T00:00:00Z');
    assert.equal(echeanceDue({ ...c, statut: 'PREPARATION' }, apres), 'OUVRIR');
    assert.equal(echeanceDue({ ...c, statut: 'OUVERTE' }, apres), 'CLORE');
    assert.equal(echeanceDue({ ...c, statut: 'CLOSE' }, apres), 'EXAMINER');
    assert.equal(echeanceDue({ ...c, statut: 'EN_EXAMEN' }, apres), null);
  });
});

describe('saisie d’une campagne', async () => {
  const { nouvelleCampagne } = await import('./campagne.schemas.ts');
  const base = { corps: 'PE', annee: '2019', ouverture: '2026-12-01T08:00:00Z', fermeture: '2026-12-15T17:00:00+01:00', promotions: '20' };
  test('une campagne correcte est lue avec ses instants', () => {
    const r = nouvelleCampagne.parse(base);
    assert.equal(r.fermeture.toISOString(), '2026-12-15T16:00:00.000Z');
    assert.equal(r.annee, 2019);
  });
  const mauvaises: Array<[string, Record<string, string>, string, RegExp]> = [
    ['une date sans fuseau', { ouverture: '2026-12-01T08:00:00' }, 'ouverture', /avec fuseau/],
    ['une date inexistante', { ouverture: '2026-02-30T08:00:00Z' }, 'ouverture', /inexistante|avec fuseau/],
    ['une fermeture avant l’ouverture', { fermeture: '2026-11-01T08:00:00Z' }, 'fermeture', /postérieure à l’ouverture/],
    ['un corps inconnu', { corps: 'XX' }, 'corps', /l’un de/],
    ['des promotions négatives', { promotions: '-1' }, 'promotions', /négatif/],
    ['une année avant 2017', { annee: '2016' }, 'annee', /2017/],
  ];
  for (const [titre, modif, champ, message] of mauvaises) {
    test(`refuse ${titre}`, () => {
      const r = nouvelleCampagne.safeParse({ ...base, ...modif });
      assert.equal(r.success, false);
      const issue = r.error!.issues.find((i) => i.path[0] === champ);
      assert.ok(issue && message.test(issue.message), JSON.stringify(r.error!.issues));
    });
  }
});

describe('campagne visible d’un agent', () => {
  const ouverture = new Date('2026-12-01T08:00:00Z');
  const cas: Array<[string, StatutCampagne, string, boolean]> = [
    ['PE', 'OUVERTE', '2026-12-02T00:00:00Z', true],
    ['PE', 'CLOSE', '2026-12-20T00:00:00Z', true],
    ['PE', 'EN_EXAMEN', '2027-01-05T00:00:00Z', true],
    ['PE', 'ARRETEE', '2027-01-15T00:00:00Z', true],
    ['PE', 'PUBLIEE', '2027-01-20T00:00:00Z', true],
    ['PE', 'PREPARATION', '2026-12-01T07:59:59.999Z', false], // before the opening instant
    ['PE', 'PREPARATION', '2026-12-01T08:00:00.000Z', true], // due to open: the scheduler has not run yet
    ['PE', 'PREPARATION', '2026-12-01T08:00:00.001Z', true],
    ['CERTIFIE', 'OUVERTE', '2026-12-02T00:00:00Z', false], // another corps
    // Only a campaign in preparation waits for its instant: one already opened stays visible even if its opening
    // instant reads later than now (instant edited after the opening, clocks of two servers).
    ['PE', 'OUVERTE', '2026-11-30T00:00:00Z', true],
    ['PE', 'EN_EXAMEN', '2026-11-30T00:00:00Z', true],
  ];
  for (const [corps, statut, maintenant, attendu] of cas) {
    test(`campagne PE ${statut} vue par un agent ${corps} le ${maintenant} : ${attendu ? 'visible' : 'inexistante'}`, () => {
      assert.equal(visiblePourAgent({ corps: 'PE', statut, ouverture }, corps, new Date(maintenant)), attendu);
    });
  }
});
