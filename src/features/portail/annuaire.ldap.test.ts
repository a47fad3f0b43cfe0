import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { Client } from 'ldapts';
import { demarrerSlapd, PERSONNES, type Slapd } from '../../test/slapd.ts';
import { AnnuaireIndisponibleError, createAnnuaire, type Annuaire } from './annuaire.ts';

// A real OpenLDAP (slapd) on loopback: the suite fails, never skips, when slapd is missing.
let slapd: Slapd;
let annuaire: Annuaire;
before(async () => {
  slapd = await demarrerSlapd();
  annuaire = createAnnuaire(slapd.config());
});
after(async () => {
  await annuaire?.fermer();
  await slapd?.fermer();
});

const jean = PERSONNES[0]!;
const helene = PERSONNES[1]!;

describe('vérification d’un mot de passe contre l’annuaire (slapd réel)', () => {
  test('le bon mot de passe : l’entrée est rendue avec son DN, son nom et son courriel', async () => {
    assert.deepEqual(await annuaire.verifier(jean.uid, jean.motDePasse), {
      statut: 'OK',
      entree: { dn: `uid=${jean.uid},ou=people,dc=ac-test,dc=fr`, identifiant: jean.uid, nom: jean.nom, courriel: jean.courriel },
    });
  });
  test('un nom accentué revient intact (UTF-8)', async () => {
    const r = await annuaire.verifier(helene.uid, helene.motDePasse);
    assert.equal(r.statut === 'OK' && r.entree.nom, 'Hélène Martin');
  });
  test('un mauvais mot de passe est refusé', async () => {
    assert.deepEqual(await annuaire.verifier(jean.uid, 'Mauvais-1!'), { statut: 'REFUSE' });
  });
  test('le mot de passe d’un autre n’ouvre pas le compte', async () => {
    assert.deepEqual(await annuaire.verifier(jean.uid, helene.motDePasse), { statut: 'REFUSE' });
  });
  test('un utilisateur inconnu de l’annuaire', async () => {
    assert.deepEqual(await annuaire.verifier('personne', 'Nimporte-1!'), { statut: 'INCONNU' });
  });
  for (const injection of ['*', ')(uid=*', `${jean.uid})(|(uid=*`, '*)(objectClass=*', 'j*']) {
    test(`l’identifiant « ${injection} » est cherché littéralement, sans joker ni terme ajouté`, async () => {
      for (const p of PERSONNES) assert.deepEqual(await annuaire.verifier(injection, p.motDePasse), { statut: 'INCONNU' });
    });
  }
  test('un mot de passe vide est refusé sans bind (un bind « non authentifié » réussirait sur slapd)', async () => {
    // The server itself accepts it: this is what the check before any bind protects from.
    const brut = new Client({ url: slapd.url });
    await brut.bind(`uid=${jean.uid},ou=people,dc=ac-test,dc=fr`, '');
    await brut.unbind();
    assert.deepEqual(await annuaire.verifier(jean.uid, ''), { statut: 'REFUSE' });
  });
  test('sans le compte de service, l’annuaire cache sa base : panne de configuration signalée, personne n’est connecté', async () => {
    const anonyme = createAnnuaire(slapd.config({ bindDn: null, bindMotDePasse: null }));
    try {
      await assert.rejects(anonyme.verifier(jean.uid, jean.motDePasse), AnnuaireIndisponibleError);
    } finally {
      await anonyme.fermer();
    }
  });
  test('un compte de service refusé est une panne de configuration, pas un mauvais mot de passe', async () => {
    const mal = createAnnuaire(slapd.config({ bindMotDePasse: 'faux' }));
    try {
      await assert.rejects(mal.verifier(jean.uid, jean.motDePasse), AnnuaireIndisponibleError);
    } finally {
      await mal.fermer();
    }
  });
  test('les connexions sont réutilisées : cent vérifications de suite réussissent', async () => {
    for (let i = 0; i < 100; i++) assert.equal((await annuaire.verifier(PERSONNES[i % 3]!.uid, PERSONNES[i % 3]!.motDePasse)).statut, 'OK');
  });
});

describe('annuaire en panne', () => {
  test('un annuaire qui ne répond pas : erreur « indisponible » après le délai configuré', async () => {
    const muet: Server = createServer(() => {});
    await new Promise<void>((r) => muet.listen(0, '127.0.0.1', r));
    const { port } = muet.address() as { port: number };
    const lent = createAnnuaire(slapd.config({ url: `ldap://127.0.0.1:${port}`, delaiMs: 300 }));
    try {
      await assert.rejects(lent.verifier(jean.uid, jean.motDePasse), AnnuaireIndisponibleError);
    } finally {
      await lent.fermer();
      muet.close();
    }
  });
  test('annuaire arrêté en cours de test : « indisponible », puis de nouveau servi après son redémarrage', async () => {
    assert.equal((await annuaire.verifier(jean.uid, jean.motDePasse)).statut, 'OK');
    await slapd.arreter();
    await assert.rejects(annuaire.verifier(jean.uid, jean.motDePasse), AnnuaireIndisponibleError);
    await assert.rejects(annuaire.verifier(jean.uid, jean.motDePasse), AnnuaireIndisponibleError);
    await slapd.demarrer();
    assert.equal((await annuaire.verifier(jean.uid, jean.motDePasse)).statut, 'OK');
    assert.deepEqual(await annuaire.verifier(jean.uid, 'Mauvais-1!'), { statut: 'REFUSE' });
  });
});
