import type { DonneesAccuse } from '../contrats.ts';
import { blocIdentite, blocPeriodes, instant, verifierDate, verifierSha256 } from '../blocs.ts';
import {
  BLEU_FRANCE,
  GRIS,
  MARGES,
  POLICE,
  POLICE_CHASSE_FIXE,
  POLICE_GRASSE,
  champ,
  creerDocument,
  largeur,
  paragraphe,
  titreDocument,
  titreSection,
  type Document,
  type OptionsRendu,
} from '../gabarit.ts';

export const TITRE_ACCUSE = 'Accusé de réception';

/**
 * The "Accusé de réception" issued at closing for each deposited candidature (DOMAIN.md §6: "A la date de fermeture
 * de dépôt des candidatures vous recevrez un accusé de réception de votre demande"). Pure rendering of
 * `DonneesAccuse`; the same data gives the same bytes; an invalid value rejects with a RangeError naming the field.
 */
export async function rendreAccuse(d: DonneesAccuse, rendu: OptionsRendu = {}): Promise<Buffer> {
  const validee = instant('valideeLe', d.valideeLe);
  const deposee = instant('deposeeLe', d.deposeeLe);
  const emis = instant('emisLe', d.emisLe);
  const sha = verifierSha256('sha256Fiche', d.sha256Fiche);
  if (!d.reference.trim()) throw new RangeError('Référence vide pour « reference »');
  const i = d.identite;
  const { doc, terminer } = creerDocument({
    ...rendu,
    titre: `${TITRE_ACCUSE} ${d.reference} — ${i.prenom} ${i.nom}`,
    sujet: d.campagne.intitule,
    date: verifierDate('emisLe', d.emisLe),
    piedDePage: `Accusé de réception ${d.reference} — ${i.civilite} ${i.nom} ${i.prenom} (${i.agentId})`,
  });
  titreDocument(doc, TITRE_ACCUSE, 'Candidature à l’accès à la classe exceptionnelle');
  reference(doc, d.reference);

  doc.moveDown(0.6);
  paragraphe(
    doc,
    `Le présent document accuse réception de votre candidature, déposée à la date de fermeture du dépôt des candidatures, le ${deposee}. ` +
      'Il faudra fournir, si nécessaire et à la demande des services académiques, les pièces justificatives des activités exercées.',
  );

  titreSection(doc, 'Candidature');
  champ(doc, 'Campagne', d.campagne.intitule);
  champ(doc, 'Corps', d.campagne.corps);
  champ(doc, 'Validation', `Candidature validée le ${validee}`);
  champ(doc, 'Dépôt', `Déposée à la clôture le ${deposee}`, { gras: true });
  doc.moveDown(0.3);
  // Courier: fixed widths, and the 64 digits fit one line of the column, so the value can be copied whole.
  champ(doc, 'Empreinte SHA-256 de la fiche de candidature', sha, {
    police: POLICE_CHASSE_FIXE,
    taille: 8.5,
    note: 'Elle permet de vérifier que la fiche archivée par les services académiques est celle que vous avez validée.',
  });

  titreSection(doc, 'Candidat');
  // The corps is the campaign's, shown above.
  blocIdentite(doc, i, { corps: false, situation: true });

  titreSection(doc, 'Fonctions et missions déclarées');
  blocPeriodes(doc, d.periodes);

  doc.moveDown(0.6);
  paragraphe(doc, `Accusé de réception émis le ${emis}.`);
  return terminer();
}

/** The reference number, large, in a framed box under the title. */
function reference(doc: Document, ref: string): void {
  const y = doc.y;
  const h = 46;
  doc.rect(MARGES.left, y, largeur(doc), h).lineWidth(1).strokeColor(BLEU_FRANCE).stroke();
  doc.rect(MARGES.left, y, 4, h).fill(BLEU_FRANCE);
  doc.font(POLICE).fontSize(9).fillColor(GRIS).text('Référence de l’accusé de réception', MARGES.left + 16, y + 8, { lineBreak: false });
  // Never cut a reference: an unusually long one is set smaller.
  let taille = 18;
  while (taille > 8 && doc.font(POLICE_GRASSE).fontSize(taille).widthOfString(ref) > largeur(doc) - 32) taille -= 1;
  doc.fillColor(BLEU_FRANCE).text(ref, MARGES.left + 16, y + 20, { lineBreak: false });
  doc.font(POLICE).fillColor('black');
  doc.x = MARGES.left;
  doc.y = y + h;
}
