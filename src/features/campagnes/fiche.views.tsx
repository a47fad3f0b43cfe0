import { ne } from '../../shared/accords.ts';
import { BoutonAction, Page, Tableau, type ContextePage } from '../../shared/views/kit.tsx';
import { dateFrancaise } from '../eligibilite/jours.ts';
import { MIETTES } from './candidature.views.tsx';
import { urlsCampagnes as u } from './campagnes.urls.ts';

/** "Afficher votre fiche de candidature": the page the agent checks before "Valider". */
export function PageFiche(props: {
  ctx: ContextePage;
  campagneId: string;
  annee: number;
  intitule: string;
  identite: { civilite: string; nom: string; prenom: string; dateNaissance: string; discipline: string; situation: string | null };
  resume: string[];
  periodes: Array<{ du: string; au: string; nature: string; etablissement: string; source: string }>;
  statut: string;
  peutValider: boolean;
}) {
  const id = props.campagneId;
  return (
    <Page
      titre={`Fiche de candidature — campagne ${props.annee}`}
      ctx={props.ctx}
      miettes={[...MIETTES, { libelle: 'Candidater', href: u.candidater() }, { libelle: `Campagne ${props.annee}`, href: u.candidature(id) }]}
    >
      <h1>Fiche de candidature</h1>
      <p class="fr-text--lead">{props.intitule}</p>
      <p>Affichez et vérifiez votre candidature avant de la valider. État actuel : {props.statut}.</p>
      <h2>Identité</h2>
      <p>
        {props.identite.civilite} {props.identite.prenom} {props.identite.nom}, {ne(props.identite.civilite)} le {dateFrancaise(props.identite.dateNaissance)} — {props.identite.discipline}
        <br />
        {props.identite.situation ?? ''}
      </p>
      <h2>Éligibilité</h2>
      <ul>
        {props.resume.map((r) => (
          <li>{r}</li>
        ))}
      </ul>
      <h2>Fonctions et missions déclarées</h2>
      <Tableau
        legende="Fonctions et missions déclarées"
        entetes={['Du', 'Au', 'Nature', 'Établissement', 'Origine']}
        vide="Aucune période déclarée."
        lignes={props.periodes.map((p) => [dateFrancaise(p.du), dateFrancaise(p.au), p.nature, p.etablissement, p.source])}
      />
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mt-4w">
        {props.peutValider ? (
          <li>
            <BoutonAction action={u.valider(id)} csrf={props.ctx.csrf} libelle="Valider votre candidature" />
          </li>
        ) : null}
        <li>
          <a class="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left" href={u.fichePdf(id)} download>
            Télécharger la fiche (PDF)
          </a>
        </li>
        <li>
          <a class="fr-btn fr-btn--tertiary" href={u.candidature(id)}>
            Retour à la candidature
          </a>
        </li>
      </ul>
    </Page>
  );
}
