import { NOMBRE_MAX_PIECES, TAILLE_MAX_PIECE, tailleLisible } from '../pieces/pieces.rules.ts';

/**
 * The file field of every form that takes pièces justificatives (signalement, period, contestation, recours): its hint
 * states the limits the server applies (pieces.rules.ts), and its error is tied to the field for screen readers.
 */
export function ChampPieces(props: { libelle: string; erreur?: string | undefined }) {
  return (
    <div class={`fr-upload-group${props.erreur ? ' fr-upload-group--error' : ''}`}>
      <label class="fr-label" for="champ-pieces">
        {props.libelle}
        <span class="fr-hint-text">{`PDF, JPEG ou PNG, ${tailleLisible(TAILLE_MAX_PIECE)} au plus par fichier, ${NOMBRE_MAX_PIECES} fichiers au plus.`}</span>
      </label>
      <input class="fr-upload" type="file" id="champ-pieces" name="pieces" multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" aria-describedby={props.erreur ? 'champ-pieces-erreur' : undefined} />
      {props.erreur ? (
        <p class="fr-error-text" id="champ-pieces-erreur">
          {props.erreur}
        </p>
      ) : null}
    </div>
  );
}
