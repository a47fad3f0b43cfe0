/** A plain text table, first column left-aligned, others right-aligned. */
export function tableau(entetes: string[], lignes: string[][]): string {
  const largeurs = entetes.map((e, i) => Math.max(e.length, ...lignes.map((l) => (l[i] ?? '').length)));
  const ligne = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(largeurs[i]!) : c.padStart(largeurs[i]!))).join('  │  ');
  const separation = largeurs.map((l) => '─'.repeat(l)).join('──┼──');
  return [ligne(entetes), separation, ...lignes.map(ligne)].join('\n');
}

export const nombre = (n: number, decimales = 0) => n.toLocaleString('fr-FR', { maximumFractionDigits: decimales, minimumFractionDigits: decimales });
