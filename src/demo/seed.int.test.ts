import { test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseDeTest } from '../test/database.ts';
import { fixedClock } from '../shared/clock.ts';
import { verifier } from '../shared/securite/motdepasse.ts';
import { seedDemo } from './seed.ts';
import { COMPTES_DEMO } from './comptes.ts';

test('l’académie de démonstration est créée une seule fois, avec ses comptes, agents et carrières', async () => {
  const h = await databaseDeTest();
  try {
    const clock = fixedClock('2026-11-30T09:00:00Z');
    assert.equal(await seedDemo(h.db, clock), true);
    assert.equal(await seedDemo(h.db, clock), false, 'second démarrage : rien');
    for (const c of COMPTES_DEMO) {
      const compte = await h.db.selectFrom('compte').select(['mot_de_passe_hash', 'roles', 'agent_id']).where('identifiant', '=', c.identifiant).executeTakeFirstOrThrow();
      assert.ok(await verifier(compte.mot_de_passe_hash!, c.motDePasse), `mot de passe de ${c.identifiant}`);
      assert.deepEqual(compte.roles, c.roles);
      assert.equal(compte.agent_id, c.agentId ?? null);
    }
    const carriere = await h.db.selectFrom('agent_carriere').select(['date_effet', 'grade', 'echelon']).where('agent_id', '=', 'DEMO0001').orderBy('date_effet').execute();
    assert.ok(carriere.some((l) => l.grade === 'HC' && l.echelon >= 3 && l.date_effet <= '2019-08-31'), 'jdupont est HC échelon ≥ 3 au 31 août 2019');
    const cle = await h.db.selectFrom('cle_otp').innerJoin('compte', 'compte.id', 'cle_otp.compte_id').select('cle_otp.statut').where('compte.identifiant', '=', 'jdupont').executeTakeFirstOrThrow();
    assert.equal(cle.statut, 'ACTIVE');
    const applications = await h.db.selectFrom('application').select('libelle').where('interne', '=', true).orderBy('libelle').execute();
    assert.deepEqual(
      applications.map((a) => a.libelle),
      ['Abonnés des listes de mon syndicat', 'Gérer ses abonnements : infos syndicales académiques', 'Gérer ses abonnements : infos syndicales nationales', 'I-Prof Enseignant'],
    );
    // The accounts of agents have their dossier's e-mail (authoritative); the others their own.
    const courriels = await h.db.selectFrom('compte').leftJoin('agent', 'agent.agent_id', 'compte.agent_id').select(['compte.identifiant', 'compte.email', 'agent.email as dossier']).where('compte.identifiant', 'in', ['jdupont', 'admin1']).orderBy('compte.identifiant').execute();
    assert.deepEqual(courriels, [
      { identifiant: 'admin1', email: 'admin1@ac-demo.invalid', dossier: null },
      { identifiant: 'jdupont', email: 'jean.dupont@ac-demo.invalid', dossier: 'jean.dupont@ac-demo.invalid' },
    ]);
    const derive = await h.db.selectFrom('compte').innerJoin('agent', 'agent.agent_id', 'compte.agent_id').select('compte.identifiant').whereRef('compte.email', '!=', 'agent.email').execute();
    assert.deepEqual(derive, []);
    // The unions of the demo, synd1 correspondent of SDEP, three subscribers to its académique section.
    const syndicats = await h.db.selectFrom('syndicat').select('sigle').orderBy('ordre').execute();
    assert.deepEqual(syndicats.map((x) => x.sigle), ['SDEP', 'UPE', 'FIEN']);
    const correspondant = await h.db.selectFrom('correspondant_syndical as cs').innerJoin('compte as c', 'c.id', 'cs.compte_id').innerJoin('syndicat as s', 's.id', 'cs.syndicat_id').select(['c.identifiant', 's.sigle']).execute();
    assert.deepEqual(correspondant, [{ identifiant: 'synd1', sigle: 'SDEP' }]);
    const abonnes = await h.db.selectFrom('abonnement_syndical as a').innerJoin('liste_syndicale as l', 'l.id', 'a.liste_id').select('a.compte_id').where('l.libelle', '=', 'Section académique').execute();
    assert.equal(abonnes.length, 3);
  } finally {
    await h.close();
  }
});

test('une base qui contient déjà d’autres données ne reçoit pas la démonstration', async () => {
  const h = await databaseDeTest();
  try {
    await h.db.insertInto('compte').values({ identifiant: 'reel', nom_affiche: 'Compte réel', email: null, mot_de_passe_hash: null, roles: ['ADMINISTRATEUR'], perimetre: '{}', agent_id: null, dernier_echec_le: null, verrouille_jusqu_au: null, derniere_connexion_le: null, precedente_connexion_le: null }).execute();
    assert.equal(await seedDemo(h.db, fixedClock('2026-11-30T09:00:00Z')), false);
    assert.equal((await h.db.selectFrom('compte').select('id').execute()).length, 1);
  } finally {
    await h.close();
  }
});
