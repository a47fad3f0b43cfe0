import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Portee } from '../features/syndicats/syndicats.rules.ts';

/**
 * The demo's unions (invented: no real union speaks here), their information lists, a correspondent (synd1) and a few
 * subscriptions, so that the subscriptions page and the correspondent's export have something to show.
 */
type SyndicatDemo = { sigle: string; nom: string; listes: Array<{ portee: Portee; libelle: string; description?: string }>; correspondants?: string[]; abonnes?: Record<string, string[]> };

export const SYNDICATS_DEMO: SyndicatDemo[] = [
  {
    sigle: 'SDEP',
    nom: 'Syndicat démocratique de l’enseignement public',
    listes: [
      { portee: 'NATIONALE', libelle: 'Lettre d’information nationale', description: 'Chaque semaine : l’actualité nationale de l’éducation.' },
      { portee: 'NATIONALE', libelle: 'Carrières et promotions', description: 'Campagnes de promotion, calendriers, droits des personnels.' },
      { portee: 'ACADEMIQUE', libelle: 'Section académique', description: 'Les informations de la section de l’académie.' },
      { portee: 'ACADEMIQUE', libelle: 'Réunions d’information syndicale de la Somme' },
    ],
    correspondants: ['synd1'],
    abonnes: { 'Section académique': ['mmartin', 'sbernard', 'pthomas'], 'Lettre d’information nationale': ['mmartin'] },
  },
  {
    sigle: 'UPE',
    nom: 'Union des personnels de l’éducation',
    listes: [
      { portee: 'NATIONALE', libelle: 'Actualités nationales' },
      { portee: 'ACADEMIQUE', libelle: 'Informations académiques', description: 'Mouvement, instances et permanences dans l’académie.' },
    ],
  },
  {
    sigle: 'FIEN',
    nom: 'Fédération indépendante de l’éducation nationale',
    listes: [
      { portee: 'NATIONALE', libelle: 'Bulletin national', description: 'Une fois par mois.' },
      { portee: 'ACADEMIQUE', libelle: 'Permanences et réunions dans l’académie' },
    ],
  },
];

/** In the seed's transaction, on a database without unions only. Unknown accounts (another demo folder) are skipped. */
export async function seedSyndicats(trx: Transaction<DB>, le: Date): Promise<void> {
  if (await trx.selectFrom('syndicat').select('id').executeTakeFirst()) return;
  const compte = async (identifiant: string) => (await trx.selectFrom('compte').select('id').where('identifiant', '=', identifiant).executeTakeFirst())?.id;
  for (const [i, s] of SYNDICATS_DEMO.entries()) {
    const { id } = await trx.insertInto('syndicat').values({ sigle: s.sigle, nom: s.nom, ordre: i + 1, cree_le: le }).returning('id').executeTakeFirstOrThrow();
    for (const [j, l] of s.listes.entries()) {
      const liste = await trx
        .insertInto('liste_syndicale')
        .values({ syndicat_id: id, portee: l.portee, libelle: l.libelle, description: l.description ?? null, ordre: j + 1, cree_le: le })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const identifiant of s.abonnes?.[l.libelle] ?? []) {
        const c = await compte(identifiant);
        if (!c) continue;
        await trx.insertInto('abonnement_syndical').values({ compte_id: c, liste_id: liste.id, depuis_le: le }).execute();
        await trx.insertInto('abonnement_syndical_historique').values({ compte_id: c, liste_id: liste.id, action: 'ABONNEMENT', le }).execute();
      }
    }
    for (const identifiant of s.correspondants ?? []) {
      const c = await compte(identifiant);
      if (c) await trx.insertInto('correspondant_syndical').values({ syndicat_id: id, compte_id: c, depuis_le: le }).execute();
    }
  }
}
