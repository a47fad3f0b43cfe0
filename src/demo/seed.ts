import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from '../db/connection.ts';
import type { Clock } from '../shared/clock.ts';
import { hacher } from '../shared/securite/motdepasse.ts';
import { pasDeTemps } from '../features/portail/totp.ts';
import { createImportService } from '../features/import/import.service.ts';
import { sourceDossier } from '../features/import/import.source.ts';
import { APPLICATIONS_DEMO, RUBRIQUES_DEMO } from './catalogue.ts';
import { COMPTES_DEMO } from './comptes.ts';
import { seedSyndicats } from './syndicats.ts';

const MARQUEUR = 'demo_initialisee';
export const DOSSIER_ACADEMIE_DEMO = path.join(path.dirname(fileURLToPath(import.meta.url)), 'academie');

/**
 * Seeds the demo académie once: the catalogue, the HR data of src/demo/academie through the real import,
 * then the demo accounts. Every step can run again (a crash before the final marker is caught up at the
 * next start); the marker makes every later start a no-op, and a database holding other data is left alone.
 * Returns whether it seeded.
 */
export async function seedDemo(db: Database, clock: Clock): Promise<boolean> {
  const deja = await db.selectFrom('parametre').select('cle').where('cle', '=', MARQUEUR).executeTakeFirst();
  if (deja) return false;
  // Only a database that nobody has used yet gets the demo (never one that holds real imports or accounts).
  const utilisee = await db.selectFrom('agent').select('agent_id').where('agent_id', 'not like', 'DEMO%').limit(1).executeTakeFirst();
  const comptesReels = await db.selectFrom('compte').select('id').where('identifiant', 'not in', COMPTES_DEMO.map((c) => c.identifiant)).where((eb) => eb.or([eb('agent_id', 'is', null), eb('agent_id', 'not like', 'DEMO%')])).limit(1).executeTakeFirst();
  if (utilisee || comptesReels) return false;
  await seedCatalogue(db, { avecExternes: true });
  const r = await createImportService({ db, clock }).importer(sourceDossier(DOSSIER_ACADEMIE_DEMO), { lanceParCompteId: null });
  if (!r.ok) throw new Error(`Import de l'académie de démonstration en échec : ${r.erreurs.map((e) => e.message).join(' ; ')}`);

  // Hash outside the transaction: on PGlite a transaction holds the only connection.
  const hashes = await Promise.all(COMPTES_DEMO.map(async (c) => ({ mdp: await hacher(c.motDePasse), pin: c.otp ? await hacher(c.otp.pin) : null })));
  const le = clock.now();
  await db.transaction().execute(async (trx) => {
    for (const [i, c] of COMPTES_DEMO.entries()) {
      const valeurs = {
        nom_affiche: c.nomAffiche,
        // An account of an agent has the dossier's address (the HR data is authoritative, the import copies it in).
        email: c.agentId ? sql<string | null>`(SELECT nullif(email, '') FROM agent WHERE agent_id = ${c.agentId})` : `${c.identifiant}@ac-demo.invalid`,
        mot_de_passe_hash: hashes[i]!.mdp,
        roles: c.roles,
        perimetre: JSON.stringify(c.perimetre ?? {}),
        qualite_evaluateur: c.qualiteEvaluateur ?? null,
        agent_id: c.agentId ?? null,
      };
      const { id } = await trx
        .insertInto('compte')
        .values({ identifiant: c.identifiant, ...valeurs, dernier_echec_le: null, verrouille_jusqu_au: null, derniere_connexion_le: null, precedente_connexion_le: null })
        .onConflict((oc) => oc.column('identifiant').doUpdateSet(valeurs))
        .returning('id')
        .executeTakeFirstOrThrow();
      if (c.otp) {
        await trx.deleteFrom('cle_otp').where('compte_id', '=', id).execute();
        await trx
          .insertInto('cle_otp')
          .values({ compte_id: id, secret_base32: c.otp.secret, statut: 'ACTIVE', pin_hash: hashes[i]!.pin, dernier_pas: pasDeTemps(le) - 2, emise_le: le, activee_le: le })
          .execute();
      }
    }
    const bandeaux = await trx.selectFrom('bandeau').select('id').executeTakeFirst();
    if (!bandeaux) {
      await trx
        .insertInto('bandeau')
        .values({
          titre: 'Campagne de promotion à la classe exceptionnelle',
          message: 'Vérifiez votre dossier I-Prof et complétez votre CV avant l’ouverture de la campagne de candidature.',
          niveau: 'info',
          debut: null,
          fin: null,
        })
        .execute();
    }
    await seedSyndicats(trx, le);
    await trx.insertInto('parametre').values({ cle: MARQUEUR, valeur: JSON.stringify({ le: le.toISOString() }) }).execute();
  });
  return true;
}

/**
 * The rubrics and applications of the seed document, on an empty catalogue only. A production install gets the
 * rubrics and I-Prof (this product); the demo also gets the external entries (placeholder addresses).
 */
export async function seedCatalogue(db: Database, opts: { avecExternes: boolean }): Promise<void> {
  const existe = await db.selectFrom('rubrique').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  if (Number(existe.n) > 0) return;
  await db.transaction().execute(async (trx) => {
    const ids = new Map<string, string>();
    for (const [i, libelle] of RUBRIQUES_DEMO.entries()) {
      const r = await trx.insertInto('rubrique').values({ libelle, ordre: i + 1 }).returning('id').executeTakeFirstOrThrow();
      ids.set(libelle, r.id);
    }
    for (const [i, a] of APPLICATIONS_DEMO.entries()) {
      if (!a.interne && !opts.avecExternes) continue;
      await trx
        .insertInto('application')
        .values({ rubrique_id: ids.get(a.rubrique)!, groupe: a.groupe, libelle: a.libelle, description: a.description ?? null, url: a.url, interne: a.interne ?? false, roles: a.roles, ordre: i + 1 })
        .execute();
    }
  });
}
