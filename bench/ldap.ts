/**
 * `node --import tsx bench/ldap.ts`: directory sign-ins per second through Vivier's client (`createAnnuaire`:
 * escaped filter, service search, user bind, connections reused) against the same work done with bare ldapts
 * (one service connection for the searches, one connection per worker for the binds), on the same slapd in the
 * same run. Baseline measured before and after (mean used). Needs Debian's slapd (src/test/slapd.ts).
 * BENCH_DUREE (s, default 5) per run; BENCH_PARALLELE (default 4) sign-ins in flight. Goal: ratio ≥ 0.8.
 */
import { Client } from 'ldapts';
import { demarrerSlapd, PERSONNES } from '../src/test/slapd.ts';
import { createAnnuaire } from '../src/features/portail/annuaire.ts';

const duree = Number(process.env.BENCH_DUREE ?? 5) * 1000;
const parallele = Number(process.env.BENCH_PARALLELE ?? 4);

async function cadence(essai: (i: number) => Promise<void>): Promise<number> {
  let n = 0;
  const fin = Date.now() + duree;
  const debut = performance.now();
  await Promise.all(
    Array.from({ length: parallele }, async (_, w) => {
      while (Date.now() < fin) {
        await essai(w);
        n++;
      }
    }),
  );
  return n / ((performance.now() - debut) / 1000);
}

const slapd = await demarrerSlapd();
try {
  const config = slapd.config({ connexions: parallele });
  const personne = (i: number) => PERSONNES[i % PERSONNES.length]!;

  const service = new Client({ url: slapd.url });
  await service.bind(config.bindDn!, config.bindMotDePasse!);
  const lieurs = Array.from({ length: parallele }, () => new Client({ url: slapd.url }));
  const nu = (w: number) => async () => {
    const p = personne(w);
    const { searchEntries } = await service.search(config.base, { scope: 'sub', filter: `(uid=${p.uid})`, attributes: ['uid', 'displayName', 'mail', 'cn'], sizeLimit: 2 });
    await lieurs[w]!.bind(searchEntries[0]!.dn, p.motDePasse);
  };
  const annuaire = createAnnuaire(config);
  const vivier = (w: number) => async () => {
    const p = personne(w);
    const r = await annuaire.verifier(p.uid, p.motDePasse);
    if (r.statut !== 'OK') throw new Error(`connexion refusée : ${r.statut}`);
  };

  // Warm-up of both paths (JIT, connections opened).
  await cadence((w) => nu(w)());
  await cadence((w) => vivier(w)());
  const avant = await cadence((w) => nu(w)());
  const mesure = await cadence((w) => vivier(w)());
  const apres = await cadence((w) => nu(w)());
  const base = (avant + apres) / 2;
  console.log(`ldapts nu (recherche + bind) : ${avant.toFixed(0)} puis ${apres.toFixed(0)} connexions/s`);
  console.log(`Vivier (createAnnuaire)      : ${mesure.toFixed(0)} connexions/s`);
  console.log(`rapport : ${(mesure / base).toFixed(2)} (objectif ≥ 0,8) ; ${parallele} en parallèle, ${duree / 1000} s par mesure`);
  await annuaire.fermer();
  await Promise.all([service, ...lieurs].map((c) => c.unbind()));
} finally {
  await slapd.fermer();
}
