import { Alerte, ChampCsrf, ChampTexte, ListeDeroulante, ResumeErreurs, ZoneTexte } from '../../shared/views/kit.tsx';
import { ChampPieces } from '../../shared/views/champ-pieces.tsx';
import { dateHeureParis } from '../../shared/dates.ts';
import type { VueCandidature } from './candidature.views.tsx';
import { urlsCampagnes as u } from './campagnes.urls.ts';

/** The forms of the candidature page: a declared period (with its pièces), a regime B contest. */

const LIBELLE_CONTESTATION = { EN_ATTENTE: 'en attente de décision', ACCEPTEE: 'acceptée', REJETEE: 'rejetée' } as const;

export function Contestation(v: VueCandidature) {
  const c = v.contestation;
  if (!c) return null;
  if (c.existante) {
    return (
      <Alerte type={c.existante.statut === 'REJETEE' ? 'warning' : 'info'} titre={`Votre contestation est ${LIBELLE_CONTESTATION[c.existante.statut]}`}>
        {`Déposée ${dateHeureParis(c.existante.creeLe)}.${c.existante.decision ? ` Motif de la décision : ${c.existante.decision}` : ''}`}
      </Alerte>
    );
  }
  if (!c.possible) return <p>{c.fin ? `Le délai de contestation a pris fin ${dateHeureParis(c.fin)}.` : ''}</p>;
  return (
    <form method="post" action={u.contester(v.campagne.id)} enctype="multipart/form-data" class="fr-mb-4w" data-brouillon="contestation" novalidate>
      <fieldset class="fr-fieldset" aria-labelledby="legende-contester">
        <legend class="fr-fieldset__legend" id="legende-contester">
          {`Contester ce constat (jusqu’${c.fin ? dateHeureParis(c.fin).replace(/^le/, 'au') : ''})`}
        </legend>
        <div class="fr-fieldset__element">
          <ResumeErreurs erreurs={v.erreurs} />
        </div>
        <ChampCsrf jeton={v.ctx.csrf} />
        <div class="fr-fieldset__element">
          <ZoneTexte nom="message" libelle="Ce que vous contestez et pourquoi" valeur={v.saisie.message} erreur={v.erreurs.message} maxLength={4000} />
        </div>
        <div class="fr-fieldset__element">
          <ChampPieces libelle="Pièces justificatives" erreur={v.erreurs.pieces} />
        </div>
        <div class="fr-fieldset__element">
          <button type="submit" class="fr-btn">
            Envoyer ma contestation
          </button>
        </div>
      </fieldset>
    </form>
  );
}

export function FormulairePeriode(v: VueCandidature) {
  const s = v.saisie;
  return (
    <form method="post" action={u.periodes(v.campagne.id)} class="fr-mt-3w" enctype="multipart/form-data" data-brouillon="periode" novalidate>
      <fieldset class="fr-fieldset" aria-labelledby="legende-periode">
        <legend class="fr-fieldset__legend" id="legende-periode">
          Ajouter une période
        </legend>
        <div class="fr-fieldset__element">
          <ResumeErreurs erreurs={v.erreurs} />
        </div>
        <ChampCsrf jeton={v.ctx.csrf} />
        <div class="fr-fieldset__element fr-fieldset__element--inline">
          <ChampTexte nom="du" libelle="Du" type="date" valeur={s.du} erreur={v.erreurs.du} />
        </div>
        <div class="fr-fieldset__element fr-fieldset__element--inline">
          <ChampTexte nom="au" libelle="Au" type="date" valeur={s.au} erreur={v.erreurs.au} />
        </div>
        <div class="fr-fieldset__element">
          <ListeDeroulante
            nom="nature"
            libelle="Nature"
            valeur={s.nature}
            erreur={v.erreurs.nature}
            options={[
              { valeur: 'FONCTION', libelle: 'Fonction ou mission particulière' },
              { valeur: 'EDUCATION_PRIORITAIRE', libelle: 'Affectation en éducation prioritaire' },
            ]}
          />
        </div>
        <div class="fr-fieldset__element">
          <ListeDeroulante nom="fonction" libelle="Fonction (pour une fonction ou mission)" valeur={s.fonction} erreur={v.erreurs.fonction} options={[{ valeur: '', libelle: '—' }, ...v.fonctions]} />
        </div>
        <div class="fr-fieldset__element">
          <ChampTexte nom="etablissement" libelle="Établissement ou service" valeur={s.etablissement} erreur={v.erreurs.etablissement} maxLength={200} />
        </div>
        <div class="fr-fieldset__element">
          <ZoneTexte nom="commentaire" libelle="Précisions (facultatif)" valeur={s.commentaire} erreur={v.erreurs.commentaire} maxLength={1000} />
        </div>
        <div class="fr-fieldset__element">
          <ChampPieces libelle="Pièces justificatives (facultatif)" erreur={v.erreurs.pieces} />
        </div>
        <div class="fr-fieldset__element">
          <button type="submit" class="fr-btn fr-btn--secondary">
            Ajouter la période
          </button>
        </div>
      </fieldset>
    </form>
  );
}
