import type { AnneeVivier1 } from '../eligibilite/vivier1.ts';
import type { LigneDuDossier } from '../eligibilite/dossier.ts';
import type { LigneService } from '../../carriere/enregistrements.ts';
import type { Fonction } from '../../carriere/vocabulaire.ts';

export type PeriodeProposee = {
  du: string;
  au: string;
  nature: 'FONCTION' | 'EDUCATION_PRIORITAIRE';
  fonction: Fonction | null;
  etablissement: string;
};

/**
 * The periods prefilled in a candidature from the engine's year-by-year table: consecutive qualifying
 * school years held on the same ground (the same function code, or éducation prioritaire) make one period,
 * named after the establishments of the service rows behind them. Pure.
 */
export function periodesPreremplies(annees: readonly AnneeVivier1[], services: readonly LigneDuDossier<LigneService>[], nomEtablissement: (uai: string) => string): PeriodeProposee[] {
  const periodes: Array<PeriodeProposee & { uais: Set<string> }> = [];
  for (const a of annees) {
    if (!a.qualifiante || a.condition === null) continue;
    const nature = a.condition === 'FONCTION' ? 'FONCTION' : 'EDUCATION_PRIORITAIRE';
    const fonction = nature === 'FONCTION' ? a.fonction.code : null;
    const uais = new Set(
      services
        .filter((s) => s.date_debut <= a.au && (s.date_fin === null || s.date_fin >= a.du))
        .filter((s) => (nature === 'FONCTION' ? s.fonction === fonction : true))
        .map((s) => s.uai),
    );
    const precedente = periodes.at(-1);
    if (precedente && precedente.nature === nature && precedente.fonction === fonction && lendemain(precedente.au) === a.du) {
      precedente.au = a.au;
      for (const u of uais) precedente.uais.add(u);
    } else {
      periodes.push({ du: a.du, au: a.au, nature, fonction, etablissement: '', uais });
    }
  }
  return periodes.map(({ uais, ...p }) => ({ ...p, etablissement: [...uais].map(nomEtablissement).sort().join(', ') || 'Non précisé' }));
}

function lendemain(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
