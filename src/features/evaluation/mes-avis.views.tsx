import { Page, Tableau, type ContextePage } from '../../shared/views/kit.tsx';
import { MIETTES_IPROF } from '../../shared/views/miettes.ts';
import { dateHeureCourte } from '../../shared/dates.ts';
import { LIBELLE_APPRECIATION, LIBELLE_AVIS, libelleNumero } from './appreciation.rules.ts';
import type { MesAvisCampagne } from './mes-avis.service.ts';

/** « Mes avis » (I-Prof): the avis or appreciations on the agent's dossier, each campaign from its date only. */

function Contenu({ c }: { c: MesAvisCampagne }) {
  if (!c.contenu) {
    return <p>{c.visiblesLe ? `Ils vous seront communiqués ici à partir du ${dateHeureCourte(c.visiblesLe)} (heure de Paris).` : 'Ils vous seront communiqués ici au plus tard avec la publication du tableau d’avancement.'}</p>;
  }
  const x = c.contenu;
  if (c.regime === 'C') {
    return (
      <Tableau
        legende={`Avis — ${c.intitule}`}
        entetes={['Avis', 'Donné par', 'Commentaire']}
        vide="Aucun avis n’a été donné sur votre dossier dans cette campagne."
        lignes={x.avis.map((a) => [LIBELLE_AVIS[a.avis], libelleNumero(c, a.numero), a.texte ?? '—'])}
      />
    );
  }
  return (
    <>
      <h3 class="fr-h6">Appréciation de l’évaluateur</h3>
      <p class="vivier-texte-libre">{x.texte ?? 'Aucune appréciation écrite.'}</p>
      <Tableau
        legende={`Appréciation finale de l’autorité — ${c.intitule}`}
        entetes={['Vivier', 'Appréciation finale']}
        vide="Aucune appréciation finale n’a été donnée sur votre dossier dans cette campagne."
        lignes={x.finales.map((f) => [`Vivier ${f.vivier}`, LIBELLE_APPRECIATION[f.appreciation]])}
      />
    </>
  );
}

export function PageMesAvis(props: { ctx: ContextePage; campagnes: MesAvisCampagne[] }) {
  return (
    <Page titre="Mes avis" ctx={props.ctx} miettes={[...MIETTES_IPROF]}>
      <h1>Mes avis</h1>
      <p>Les avis et appréciations donnés sur votre dossier vous sont communiqués à partir de la date fixée par chaque campagne. Ils ne font pas l’objet d’un recours ; la non-inscription au tableau d’avancement, si.</p>
      {props.campagnes.length === 0 ? <p>Aucune campagne de votre corps n’est en cours d’examen.</p> : null}
      {props.campagnes.map((c) => (
        <section class="fr-mt-4w" aria-labelledby={`campagne-${c.id}`}>
          <h2 id={`campagne-${c.id}`} class="fr-h4">
            {c.intitule}
          </h2>
          <Contenu c={c} />
        </section>
      ))}
    </Page>
  );
}
