import type { Database } from '../db/connection.ts';
import type { Clock } from '../shared/clock.ts';
import { createCampagneService } from '../features/campagnes/campagne.service.ts';

const JOUR_MS = 86_400_000;

/**
 * The demo's campaigns, created at the first start so that every journey can be tried without the CLI:
 * - PE 2019, a training campaign under the 2017–2020 rules (candidature required): open from now for a year, jdupont
 *   can apply to it;
 * - PE 2026, under today's rules (no candidature, the administration examines the promouvables): open from now for a
 *   month.
 * They open at the scheduler's next tick (a few seconds). A campaign that already exists is left as it is. Not part
 * of seedDemo: tests seed the demo académie and create their own campaigns of these years.
 */
export async function seedCampagnesDemo(db: Database, clock: Clock): Promise<string[]> {
  const campagnes = createCampagneService({ db, clock });
  const maintenant = clock.now().getTime();
  const voulues = [
    { corps: 'PE' as const, annee: 2019, ouverture: new Date(maintenant), fermeture: new Date(maintenant + 365 * JOUR_MS), promotions: 6 },
    { corps: 'PE' as const, annee: 2026, ouverture: new Date(maintenant), fermeture: new Date(maintenant + 30 * JOUR_MS), promotions: 6, ratio: 0.2 },
  ];
  const crees: string[] = [];
  for (const c of voulues) {
    const existe = await db.selectFrom('campagne').select('id').where('corps', '=', c.corps).where('annee', '=', c.annee).executeTakeFirst();
    if (!existe) crees.push(await campagnes.creer(c, null));
  }
  return crees;
}
