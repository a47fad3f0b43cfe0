import { Alerte } from '../../shared/views/kit.tsx';
import { dateHeureParis } from '../../shared/dates.ts';
import { libelleMotif, MOTIFS, type Motif } from '../eligibilite/motifs.ts';
import type { StatutCandidature } from './candidature.machine.ts';
import { libellePeriode, motifLisible, type PeriodeExaminee } from './recevabilite.rules.ts';

/** What the agent reads of the recevabilité of their candidature, once it is declared (DOMAIN.md §6). */

type Declaration = { le: Date; details: Record<string, unknown> };

/** The last declaration of the candidature (its history row), or null while it is examined. */
export function derniereDeclaration(historique: ReadonlyArray<{ evenement: string; le: Date; details?: Record<string, unknown> }>): Declaration | null {
  const h = historique.filter((x) => x.evenement === 'DECLARER_RECEVABLE' || x.evenement === 'DECLARER_IRRECEVABLE').at(-1);
  return h ? { le: h.le, details: h.details ?? {} } : null;
}

/** The state of one period as the agent reads it: decisions are shown once the candidature is declared. */
export function recevabilitePeriode(p: Pick<PeriodeExaminee, 'source' | 'decision' | 'motif' | 'motif_texte'>, declaree: boolean): string {
  if (p.source === 'DOSSIER') return 'Retenue (dossier administratif)';
  if (!declaree) return 'En cours d’examen';
  if (p.decision === 'ACCEPTEE') return 'Retenue';
  if (p.decision === 'REJETEE') return `Non retenue — ${motifLisible(p)}`;
  return 'En cours d’examen';
}

export function ResultatRecevabilite(props: { statut: StatutCandidature; declaration: Declaration | null; periodes: readonly PeriodeExaminee[] }) {
  const { statut, declaration } = props;
  if (statut === 'DEPOSEE') return <p>Votre candidature est en cours d’examen par les services académiques (recevabilité).</p>;
  if (!declaration) return null;
  const d = declaration.details as { anneesRetenues?: number; anneesRequises?: number; motifs?: string[] };
  const rejetees = props.periodes.filter((p) => p.decision === 'REJETEE');
  const motifs = (d.motifs ?? []).filter((m): m is Motif => (MOTIFS as readonly string[]).includes(m));
  const recevable = statut !== 'IRRECEVABLE';
  return (
    <Alerte type={recevable ? 'success' : 'warning'} titre={recevable ? 'Votre candidature est recevable' : 'Votre candidature est irrecevable'}>
      <p>
        {`Décision ${dateHeureParis(declaration.le)} : ${d.anneesRetenues ?? 0} année(s) de fonctions ou de missions particulières retenue(s), pour ${d.anneesRequises ?? 0} requise(s).`}
      </p>
      {!recevable ? (
        <>
          <ul>
            {motifs.map((m) => (
              <li>{libelleMotif(m)}</li>
            ))}
          </ul>
          <p>Si vous remplissez les conditions du second vivier, votre dossier y est examiné sans démarche de votre part.</p>
        </>
      ) : null}
      {rejetees.length > 0 ? (
        <>
          <p>Période(s) déclarée(s) non retenue(s) :</p>
          <ul>
            {rejetees.map((p) => (
              <li>{`${libellePeriode(p)} — motif : ${motifLisible(p)}`}</li>
            ))}
          </ul>
        </>
      ) : null}
    </Alerte>
  );
}
