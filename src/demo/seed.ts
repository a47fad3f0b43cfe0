import { sql } from 'kysely';
import type { Database } from '../db/connection.ts';
import type { Clock } from '../shared/clock.ts';
import { hacher } from '../shared/securite/motdepasse.ts';
import { pasDeTemps } from '../features/portail/totp.ts';
import { APPLICATIONS_DEMO, RUBRIQUES_DEMO } from './catalogue.ts';
import { COMPTES_DEMO } from './comptes.ts';

const MARQUEUR = 'demo_initialisee';

/** Seeds the demo académie once: a marker row makes every later start a no-op. Returns whether it seeded. */
export async function seedDemo(db: Database, clock: Clock): Promise<boolean> {
  const deja = await db.selectFrom('parametre').select('cle').where('cle', '=', MARQUEUR).executeTakeFirst();
  if (deja) return false;
  // Hash outside the transaction: on PGlite a transaction holds the only connection.
  const hashes = await Promise.all(COMPTES_DEMO.map(async (c) => ({ mdp: await hacher(c.motDePasse), pin: c.otp ? await hacher(c.otp.pin) : null })));
  const le = clock.now();
  await db.transaction().execute(async (trx) => {
    const marque = await trx
      .insertInto('parametre')
      .values({ cle: MARQUEUR, valeur: JSON.stringify({ le: le.toISOString() }) })
      .onConflict((oc) => oc.column('cle').doNothing())
      .returning('cle')
      .executeTakeFirst();
    if (!marque) return;
    await seedCatalogue(trx, { avecExternes: true });
    for (const [i, c] of COMPTES_DEMO.entries()) {
      const { id } = await trx
        .insertInto('compte')
        .values({
          identifiant: c.identifiant,
          nom_affiche: c.nomAffiche,
          email: `${c.identifiant}@ac-demo.invalid`,
          mot_de_passe_hash: hashes[i]!.mdp,
          roles: c.roles,
          perimetre: JSON.stringify(c.perimetre ?? {}),
          agent_id: c.agentId ?? null,
          dernier_echec_le: null,
          verrouille_jusqu_au: null,
          derniere_connexion_le: null,
          precedente_connexion_le: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (c.otp) {
        await trx
          .insertInto('cle_otp')
          .values({ compte_id: id, secret_base32: c.otp.secret, statut: 'ACTIVE', pin_hash: hashes[i]!.pin, dernier_pas: pasDeTemps(le) - 2, emise_le: le, activee_le: le })
          .execute();
      }
    }
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
  const ids = new Map<string, string>();
  for (const [i, libelle] of RUBRIQUES_DEMO.entries()) {
    const r = await db.insertInto('rubrique').values({ libelle, ordre: i + 1 }).returning('id').executeTakeFirstOrThrow();
    ids.set(libelle, r.id);
  }
  for (const [i, a] of APPLICATIONS_DEMO.entries()) {
    if (!a.interne && !opts.avecExternes) continue;
    await db
      .insertInto('application')
      .values({ rubrique_id: ids.get(a.rubrique)!, groupe: a.groupe, libelle: a.libelle, description: a.description ?? null, url: a.url, interne: a.interne ?? false, roles: a.roles, ordre: i + 1 })
      .execute();
  }
}
