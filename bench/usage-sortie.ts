/**
 * Preloaded in a measured child (`node --import tsx --import ./bench/usage-sortie.ts …`): at exit, writes the process's
 * resource usage (peak RSS, CPU) to BENCH_USAGE_FICHIER, for commands that cannot report it themselves (the CLI).
 * BENCH_CHRONO_SQL=1 also times every SQL statement (chrono-pg.ts) and adds the totals.
 */
import fs from 'node:fs';
import { chronometrerPg } from './chrono-pg.ts';

const fichier = process.env.BENCH_USAGE_FICHIER;
if (fichier) {
  const chrono = process.env.BENCH_CHRONO_SQL === '1' ? chronometrerPg() : null;
  process.on('exit', () => {
    const u = process.resourceUsage();
    fs.writeFileSync(fichier, JSON.stringify({ maxRssKio: u.maxRSS, userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000, requetes: chrono?.stats() ?? [] }));
  });
}
