/** Small helpers shared by the dossier's routes (URL parameters: the shared parser). */

export { idDe, parametre } from '../../shared/http/parametres.ts';

/** Fixed confirmation messages chosen by code: nothing from the query string is echoed. */
export const CONFIRMATIONS: Record<string, string> = {
  'cv-ajoute': 'L’élément a été ajouté à votre CV.',
  'cv-modifie': 'L’élément de votre CV a été modifié.',
  'cv-supprime': 'L’élément a été supprimé de votre CV.',
  'signalement-envoye': 'Votre signalement a bien été transmis à votre gestionnaire. Vous recevrez sa réponse dans « Mes messages ».',
  'signalement-accepte': 'Le signalement a été accepté : le dossier est corrigé et l’agent en est informé.',
  'signalement-rejete': 'Le signalement a été rejeté : l’agent en est informé avec le motif.',
};

export function confirmation(query: unknown): string | null {
  const fait = (query as Record<string, unknown> | undefined)?.fait;
  return typeof fait === 'string' ? (CONFIRMATIONS[fait] ?? null) : null;
}

/** A form value back as text for re-display (never more than the limit the schema accepts anyway). */
export function enTexte(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? '1' : '';
  return String(v).slice(0, 4000);
}
