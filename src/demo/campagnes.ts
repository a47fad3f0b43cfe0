import type { Database } from '../db/connection.ts';
import type { Clock } from '../shared/clock.ts';
import { createCampagneService } from '../features/campagnes/campagne.service.ts';
import { seedAvisDemo, seedCampagneExamineeDemo } from './examen.ts';

const JOUR_MS = 86_400_000;

/**
 * The demo's campaigns, created at the first start so that every journey can be tried without the CLI:
 * - PE 2019, a training campaign under the 2017–2020 rules (candidature required): open from now for a year, jdupont
 *   can apply to it;
 * - PE 2020, under the same rules, closed ten days ago and in examination (examen.ts): every candidature declared but
 *   jdupont's, appreciations given but his; the regime A journey after closing, up to the publication and the recours;
 * - PE 2026, under today's rules (no candidature, the administration examines the promouvables): open from now for a
 *   month, in examination at once, the IEN's avis given but for three promouvables.
 * Each holds more than 20 lines of table once its last inputs are given. A campaign that already exists is left as it
 * is. Not part of seedDemo: tests seed the demo académie and create their own campaigns of these years.
 */
export async function seedCampagnesDemo(db: Database, clock: Clock): Promise<string[]> {
  const campagnes = createCampagneService({ db, clock });
  const maintenant = clock.now().getTime();
  const voulues = [
    { corps: 'PE' as const, annee: 2019, ouverture: new Date(maintenant), fermeture: new Date(maintenant + 365 * JOUR_MS), promotions: 6 },
    { corps: 'PE' as const, annee: 2026, ouverture: new Date(maintenant), fermeture: new Date(maintenant + 30 * JOUR_MS), promotions: 6, ratio: 0.2 },
  ];
  const crees: string[] = [];
  let pe2026: string | null = null;
  for (const c of voulues) {
    const existe = await db.selectFrom('campagne').select('id').where('corps', '=', c.corps).where('annee', '=', c.annee).executeTakeFirst();
    if (existe) continue;
    const id = await campagnes.creer(c, null);
    crees.push(id);
    if (c.annee === 2026) pe2026 = id;
  }
  const examinee = await seedCampagneExamineeDemo(db, clock);
  if (examinee) crees.push(examinee);
  if (pe2026) {
    // PE 2026 opens into examination now (the scheduler would within seconds): its avis can then be given.
    await campagnes.appliquerEcheances();
    await seedAvisDemo(db, clock, pe2026);
  }
  return crees;
}
