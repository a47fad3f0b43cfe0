import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Test support: reads a PDF back the way a person or an archive tool would, with poppler (`pdftotext -layout`,
 * `pdfinfo`), from a temporary file removed afterwards.
 */
export function relirePdf(pdf: Buffer): { texte: string; pages: number; info: Record<string, string> } {
  const dossier = fs.mkdtempSync(path.join(os.tmpdir(), 'vivier-pdf-'));
  try {
    const fichier = path.join(dossier, 'document.pdf');
    fs.writeFileSync(fichier, pdf);
    const texte = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', fichier, '-'], { encoding: 'utf8' });
    const info = Object.fromEntries(
      execFileSync('pdfinfo', ['-isodates', fichier], { encoding: 'utf8' })
        .split('\n')
        .map((l) => /^([^:]+):\s*(.*)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!, m[2]!]),
    );
    return { texte, pages: Number(info.Pages), info };
  } finally {
    fs.rmSync(dossier, { recursive: true, force: true });
  }
}

/** The text on one line per paragraph, spaces collapsed: for phrases that `-layout` may wrap or pad. */
export function aplatir(texte: string): string {
  return texte.replace(/\s+/g, ' ');
}
