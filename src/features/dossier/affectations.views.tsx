import { Tableau } from '../../shared/views/kit.tsx';
import type { VueOnglet } from './dossier.service.ts';
import { actionSignaler, colonneAction, LienSignaler } from './dossier.views.tsx';
import { libelleAnneeScolaire, type PeriodeLabels } from './dossier.rules.ts';
import { libelle, periodeFr } from './libelles.ts';

function Labels({ periodes }: { periodes: PeriodeLabels[] }) {
  if (periodes.length === 0) return <span>Aucun</span>;
  return (
    <ul class="fr-my-0 fr-cell--multiline">
      {periodes.map((p) => (
        <li>
          {p.de === p.a ? libelleAnneeScolaire(p.de) : `${libelleAnneeScolaire(p.de)} à ${libelleAnneeScolaire(p.a)}`} : {p.labels.map(libelle.label).join(', ')}
        </li>
      ))}
    </ul>
  );
}

type Affectation = VueOnglet<'fonctions'>['fonctions'][number];

function Etablissement({ s }: { s: Affectation }) {
  return (
    <>
      {s.etablissement}
      <br />
      <span class="fr-text--sm">
        {s.uai} — {s.commune}
      </span>
    </>
  );
}

function Fonction({ s }: { s: Affectation }) {
  return (
    <>
      {libelle.fonction(s.fonction)}
      {s.faisant_fonction ? ' (faisant fonction)' : ''}
      <br />
      <span class="fr-text--sm">
        {s.part_service} % — {libelle.statut(s.statut)}
      </span>
    </>
  );
}

export function OngletAffectations({ vue }: { vue: VueOnglet<'affectations'> }) {
  return (
    <>
      <p>Établissements d’exercice par période, avec le label d’éducation prioritaire de l’établissement pour chaque année scolaire couverte.</p>
      <Tableau
        legende="Historique d’affectation"
        entetes={['Période', 'Établissement', 'Fonction, quotité et statut', 'Éducation prioritaire', ...colonneAction(vue)]}
        vide="Aucune affectation n’est enregistrée."
        lignes={vue.affectations.map((s) => [
          periodeFr(s.date_debut, s.date_fin),
          <Etablissement s={s} />,
          <Fonction s={s} />,
          <Labels periodes={s.labels} />,
          ...actionSignaler(vue, <LienSignaler vue={vue} cible="service" id={s.id} quoi={`affectation ${s.uai} ${periodeFr(s.date_debut, s.date_fin)}`} />),
        ])}
      />
    </>
  );
}

export function OngletFonctions({ vue }: { vue: VueOnglet<'fonctions'> }) {
  return (
    <>
      <p>Fonctions et missions exercées autres que l’enseignement, par période.</p>
      <Tableau
        legende="Fonctions et missions par période"
        entetes={['Période', 'Fonction ou mission, quotité et statut', 'Établissement', ...colonneAction(vue)]}
        vide="Aucune fonction ni mission autre que l’enseignement n’est enregistrée."
        lignes={vue.fonctions.map((s) => [
          periodeFr(s.date_debut, s.date_fin),
          <Fonction s={s} />,
          <Etablissement s={s} />,
          ...actionSignaler(vue, <LienSignaler vue={vue} cible="service" id={s.id} quoi={`${libelle.fonction(s.fonction)} ${periodeFr(s.date_debut, s.date_fin)}`} />),
        ])}
      />
    </>
  );
}
