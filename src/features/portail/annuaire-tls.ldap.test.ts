import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demarrerSlapd, PERSONNES, type Slapd } from '../../test/slapd.ts';
import { AnnuaireIndisponibleError, createAnnuaire } from './annuaire.ts';

// The directory over TLS: a slapd with a certificate signed by a test CA (openssl), reached by ldaps:// and by StartTLS.
let slapd: Slapd;
before(async () => {
  slapd = await demarrerSlapd({ tls: true });
});
after(async () => {
  await slapd?.fermer();
});
const jean = PERSONNES[0]!;

async function verifier(autres: Parameters<Slapd['config']>[0]) {
  const a = createAnnuaire(slapd.config(autres));
  try {
    return await a.verifier(jean.uid, jean.motDePasse);
  } finally {
    await a.fermer();
  }
}

describe('annuaire chiffré (ldaps:// et StartTLS, AC configurable)', () => {
  test('ldaps:// avec l’AC de l’académie (VIVIER_LDAP_CA) : connexion vérifiée', async () => {
    assert.equal((await verifier({ url: slapd.urlLdaps!, ca: slapd.ca })).statut, 'OK');
  });
  test('StartTLS sur ldap:// avec l’AC : connexion vérifiée, et un mauvais mot de passe reste refusé', async () => {
    assert.equal((await verifier({ startTls: true, ca: slapd.ca })).statut, 'OK');
    const a = createAnnuaire(slapd.config({ startTls: true, ca: slapd.ca }));
    try {
      assert.deepEqual(await a.verifier(jean.uid, 'Mauvais-1!'), { statut: 'REFUSE' });
      assert.equal((await a.verifier(jean.uid, jean.motDePasse)).statut, 'OK', 'la connexion réutilisée après un refus est toujours chiffrée et sert encore');
    } finally {
      await a.fermer();
    }
  });
  test('sans l’AC (certificat inconnu des autorités du système) : refus TLS, « indisponible », rien n’est envoyé en clair', async () => {
    await assert.rejects(verifier({ url: slapd.urlLdaps!, ca: null }), AnnuaireIndisponibleError);
    await assert.rejects(verifier({ startTls: true, ca: null }), AnnuaireIndisponibleError);
  });
  test('l’annuaire exige le chiffrement : en clair (ldap:// sans StartTLS), « indisponible »', async () => {
    await assert.rejects(verifier({}), AnnuaireIndisponibleError);
  });
});
