import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { delaiAvantNouvelEssai, erreurLisible, etatCourriel, estTypePieceJointe, nomPieceJointe, POLITIQUE_ENVOI, serveurInjoignable } from './courriels.rules.ts';

const MINUTE = 60_000;

describe('délai avant un nouvel essai', () => {
  const cas: Array<[string, number, number]> = [
    ['après le premier échec on attend une minute', 1, 1 * MINUTE],
    ['après le deuxième, deux minutes', 2, 2 * MINUTE],
    ['après le troisième, quatre minutes', 3, 4 * MINUTE],
    ['après le septième, une heure et quatre minutes', 7, 64 * MINUTE],
    ['le délai ne dépasse jamais six heures', 12, 360 * MINUTE],
    ['un nombre d’échecs absurde garde le plafond', 10_000, 360 * MINUTE],
  ];
  for (const [titre, echecs, attendu] of cas) test(titre, () => assert.equal(delaiAvantNouvelEssai(echecs, POLITIQUE_ENVOI), attendu));
});

describe('état d’un courriel de la file', () => {
  const base = { envoye_le: null, tentatives: 0, derniere_erreur: null, prochain_essai_le: null };
  const le = new Date('2026-12-01T10:00:00Z');
  test('jamais essayé : en attente, sans erreur', () => assert.deepEqual(etatCourriel(base, 3), { etat: 'EN_ATTENTE', echecs: 0, erreur: null, prochainEssai: null }));
  test('envoyé : la date d’envoi, même après des échecs', () => assert.deepEqual(etatCourriel({ ...base, envoye_le: le, tentatives: 2 }, 3), { etat: 'ENVOYE', le }));
  test('des échecs sous la limite : en attente du prochain essai', () =>
    assert.deepEqual(etatCourriel({ ...base, tentatives: 2, derniere_erreur: 'refus', prochain_essai_le: le }, 3), { etat: 'EN_ATTENTE', echecs: 2, erreur: 'refus', prochainEssai: le }));
  test('la limite atteinte : échec définitif, l’erreur gardée', () =>
    assert.deepEqual(etatCourriel({ ...base, tentatives: 3, derniere_erreur: 'refus', prochain_essai_le: le }, 3), { etat: 'ECHEC', tentatives: 3, erreur: 'refus' }));
  test('un réservé jamais échoué n’affiche pas son bail comme prochain essai', () =>
    assert.deepEqual(etatCourriel({ ...base, prochain_essai_le: le }, 3), { etat: 'EN_ATTENTE', echecs: 0, erreur: null, prochainEssai: null }));
});

describe('pièce jointe', () => {
  test('l’accusé de réception est la seule pièce jointe connue', () => {
    assert.equal(estTypePieceJointe('ACCUSE_RECEPTION'), true);
    assert.equal(estTypePieceJointe('FICHE'), false);
    assert.equal(estTypePieceJointe(null), false);
  });
  test('le nom porte la référence de la candidature', () => assert.equal(nomPieceJointe('CE2027-000042'), 'accuse-reception-CE2027-000042.pdf'));
  test('une référence exotique ne sort pas du nom de fichier', () => assert.equal(nomPieceJointe('../é t/x'), 'accuse-reception--t-x.pdf'));
});

describe('erreur gardée dans la file', () => {
  test('le message et le code SMTP', () => {
    const err = Object.assign(new Error('Message failed: 550 5.1.1 Boîte inconnue'), { code: 'EMESSAGE', responseCode: 550 });
    assert.equal(erreurLisible(err), 'Message failed: 550 5.1.1 Boîte inconnue [EMESSAGE]');
  });
  test('le code n’est pas répété quand le message le contient déjà', () =>
    assert.equal(erreurLisible(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ECONNREFUSED' })), 'connect ECONNREFUSED 127.0.0.1:2525'));
  test('le mot de passe SMTP est masqué où qu’il apparaisse', () =>
    assert.equal(erreurLisible(new Error('Invalid login for secret-42: 535'), ['secret-42']), 'Invalid login for ***: 535'));
  test('l’utilisateur et le mot de passe d’une adresse sont masqués', () =>
    assert.equal(erreurLisible(new Error('cannot reach smtp://vivier:p4ss@relais:25')), 'cannot reach smtp://***@relais:25'));
  test('les retours à la ligne sont aplatis et la longueur bornée', () => {
    const t = erreurLisible(new Error(`ligne 1\r\nligne 2 ${'x'.repeat(1000)}`));
    assert.ok(t.startsWith('ligne 1 ligne 2 x'));
    assert.equal(t.length, 500);
  });
  test('une valeur jetée qui n’est pas une erreur', () => assert.equal(erreurLisible('délai dépassé'), 'délai dépassé'));
});

describe('refus définitif ou temporaire', async () => {
  const { refusDefinitif } = await import('./courriels.rules.ts');
  const cas: Array<[string, unknown, boolean]> = [
    ['550 boîte inconnue : définitif', Object.assign(new Error('x'), { responseCode: 550 }), true],
    ['554 message refusé : définitif', Object.assign(new Error('x'), { responseCode: 554 }), true],
    ['451 indisponible : temporaire', Object.assign(new Error('x'), { responseCode: 451 }), false],
    ['connexion refusée (pas de code) : temporaire', Object.assign(new Error('ECONNREFUSED'), { code: 'ECONNREFUSED' }), false],
    ['valeur qui n’est pas une erreur : temporaire', null, false],
  ];
  for (const [titre, err, attendu] of cas) test(titre, () => assert.equal(refusDefinitif(err), attendu));
});

describe('serveur SMTP injoignable', () => {
  test('connexion refusée, coupée ou sans accueil : le serveur ; une réponse SMTP, même 4xx : le message', () => {
    for (const code of ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS']) assert.equal(serveurInjoignable(Object.assign(new Error('x'), { code })), true, code);
    assert.equal(serveurInjoignable(Object.assign(new Error('451 plus tard'), { code: 'EENVELOPE', responseCode: 451 })), false);
    assert.equal(serveurInjoignable(Object.assign(new Error('x'), { code: 'ESOCKET', responseCode: 421 })), false, 'une réponse du serveur');
    assert.equal(serveurInjoignable(new Error('pièce jointe introuvable')), false);
    assert.equal(serveurInjoignable(null), false);
  });
});
