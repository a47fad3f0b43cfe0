import { hash, verify } from '@node-rs/argon2';
import { PARAMETRES_ARGON2 } from '../src/shared/securite/motdepasse.ts';

export type MesureArgon2 = {
  concurrence: number;
  dureeS: number;
  verifications: number;
  parSeconde: number;
  /** CPU time of this process (all threads) per verification: steadier than the rate on a shared machine. */
  cpuMsParVerification: number;
};

/** The libuv threadpool size of this process (argon2 runs there): UV_THREADPOOL_SIZE, 4 by default. */
export function tailleThreadpool(): number {
  const n = Number(process.env.UV_THREADPOOL_SIZE);
  return Number.isInteger(n) && n > 0 ? n : 4;
}

/**
 * The raw argon2id verification rate at the app's parameters, `concurrence` verifications always in flight:
 * the ceiling a password login can reach on this machine.
 */
export async function tauxArgon2(concurrence: number, dureeS: number): Promise<MesureArgon2> {
  const motDePasse = 'Demo-Agent-2026!';
  const empreinte = await hash(motDePasse, PARAMETRES_ARGON2);
  await verify(empreinte, motDePasse); // warm-up
  const cpuAvant = process.cpuUsage();
  const debut = performance.now();
  const fin = debut + dureeS * 1000;
  let verifications = 0;
  await Promise.all(
    Array.from({ length: concurrence }, async () => {
      while (performance.now() < fin) {
        if (!(await verify(empreinte, motDePasse))) throw new Error('argon2 : la vérification a échoué');
        verifications++;
      }
    }),
  );
  const ecoule = (performance.now() - debut) / 1000;
  const cpu = process.cpuUsage(cpuAvant);
  return { concurrence, dureeS: ecoule, verifications, parSeconde: verifications / ecoule, cpuMsParVerification: (cpu.user + cpu.system) / 1000 / verifications };
}
