import type { DonneesFiche } from '../contrats.ts';
import { blocIdentite, blocPeriodes, instant, verifierDate } from '../blocs.ts';
import { champ, creerDocument, paragraphe, puce, titreDocument, titreSection, type OptionsRendu } from '../gabarit.ts';
import { tableau } from './tableau.ts';

export const TITRE_FICHE = 'Fiche de candidature — accès à la classe exceptionnelle';

/**
 * The "Fiche de candidature" (DOMAIN.md §6, "Afficher votre fiche de candidature"): what the agent checks before
 * validating, archived as validated. Pure rendering of `DonneesFiche`; the same data gives the same bytes. A value
 * that cannot be shown (invalid date, malformed day or fingerprint) rejects the promise with a RangeError.
 */
export async function rendreFiche(d: DonneesFiche, rendu: OptionsRendu = {}): Promise<Buffer> {
  const etablie = instant('etablieLe', d.etablieLe);
  const fermeture = instant('campagne.fermeture', d.campagne.fermeture);
  const { doc, terminer } = creerDocument({
    ...rendu,
    titre: `${TITRE_FICHE} — ${d.identite.prenom} ${d.identite.nom}`,
    sujet: d.campagne.intitule,
    date: verifierDate('etablieLe', d.etablieLe),
    piedDePage: `Fiche de candidature — ${d.identite.civilite} ${d.identite.nom} ${d.identite.prenom} (${d.identite.agentId}) — ${d.campagne.intitule}`,
  });
  titreDocument(doc, TITRE_FICHE);

  titreSection(doc, 'Campagne');
  champ(doc, 'Campagne', d.campagne.intitule);
  champ(doc, 'Corps', d.campagne.corps);
  champ(doc, 'Année', String(d.campagne.annee));
  champ(doc, 'Clôture des candidatures', `le ${fermeture}`);

  titreSection(doc, 'Identité');
  blocIdentite(doc, d.identite, { corps: true, situation: false });

  titreSection(doc, 'Situation administrative');
  paragraphe(doc, d.identite.situation ?? 'Non renseignée.');

  titreSection(doc, 'Éligibilité');
  const e = d.eligibilite;
  for (const ligne of e.resume) puce(doc, ligne);
  if (e.anneesRetenues !== null || e.anneesRequises !== null) {
    doc.moveDown(0.3);
    const retenues = e.anneesRetenues === null ? 'non calculées' : `${e.anneesRetenues} année${e.anneesRetenues > 1 ? 's' : ''}`;
    champ(doc, 'Années retenues', e.anneesRequises === null ? retenues : `${retenues} sur ${e.anneesRequises} requise${e.anneesRequises > 1 ? 's' : ''}`, { gras: true });
  }
  if (e.annees.length > 0) {
    doc.moveDown(0.5);
    tableau(
      doc,
      [
        { titre: 'Année scolaire', part: 1.3, gras: true },
        { titre: 'Qualifiante', part: 1 },
        { titre: 'Explication', part: 5.2 },
      ],
      e.annees.map((a) => [a.anneeScolaire, a.qualifiante ? 'Oui' : 'Non', a.explication]),
    );
  }

  titreSection(doc, 'Fonctions et missions déclarées');
  blocPeriodes(doc, d.periodes);

  titreSection(doc, 'État de la candidature');
  champ(doc, 'État', d.statut, { gras: true });
  doc.moveDown(1);
  paragraphe(doc, `Fiche établie le ${etablie}.`);
  return terminer();
}
