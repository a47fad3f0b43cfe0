import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import * as repo from './courriels.repository.ts';
import { delaiAvantNouvelEssai, erreurLisible, estTypePieceJointe, nomPieceJointe, POLITIQUE_ENVOI, type PolitiqueEnvoi, refusDefinitif, serveurInjoignable } from './courriels.rules.ts';
import type { MessageSortant, Messager } from './smtp.ts';

/** `serveurInjoignable`: the sweep stopped at an unreachable SMTP server, its rows untouched but for the error noted. */
export type BilanEnvoi = { envoyes: number; echecs: number; restants: boolean; serveurInjoignable?: boolean };

type Journal = Pick<FastifyBaseLogger, 'info' | 'warn'>;

/**
 * Sends the outbox. Each round claims a few due rows (a short lease, see the repository), sends them one by
 * one outside any transaction (an SMTP exchange never holds PGlite's single connection), then records the
 * outcome: sent, or a failure with its error and the time of the next attempt. Running it twice at once is
 * safe: claims are disjoint. Logs carry ids and counts only, never addresses nor bodies.
 */
export function createEnvoiService(deps: { db: Database; clock: Clock; messager: Messager; expediteur: string; politique?: Partial<PolitiqueEnvoi>; log?: Journal }) {
  const { db, clock, messager } = deps;
  const p: PolitiqueEnvoi = { ...POLITIQUE_ENVOI, ...deps.politique };

  async function message(c: repo.CourrielReserve): Promise<MessageSortant> {
    let pieceJointe: MessageSortant['pieceJointe'] = null;
    if (estTypePieceJointe(c.document_type)) {
      const accuse = c.document_id ? await repo.accuseReception(db, c.document_id) : undefined;
      if (!accuse) throw new Error(`pièce jointe introuvable : accusé de réception n° ${c.document_id ?? '?'}`);
      pieceJointe = { nom: nomPieceJointe(accuse.reference ?? `CE-${accuse.candidature_id}`), contenu: accuse.pdf };
    }
    return { de: deps.expediteur, a: c.destinataire, sujet: c.sujet, texte: c.corps, pieceJointe };
  }

  /**
   * Tries one claimed row; SMTP and attachment failures are recorded on the row, database errors propagate. An
   * unreachable server is not the row's failure: 'injoignable', nothing counted.
   */
  async function essayer(c: repo.CourrielReserve): Promise<boolean | 'injoignable'> {
    let echec: unknown = null;
    try {
      await messager.envoyer(await message(c));
    } catch (err) {
      echec = err ?? new Error('échec sans détail');
    }
    const maintenant = clock.now();
    if (echec === null) {
      await repo.marquerEnvoye(db, c.id, maintenant);
      return true;
    }
    if (serveurInjoignable(echec)) {
      await repo.marquerServeurInjoignable(db, [c.id], `Serveur SMTP injoignable : ${erreurLisible(echec, messager.secrets)}`);
      return 'injoignable';
    }
    const definitif = refusDefinitif(echec);
    const tentatives = definitif ? Math.max(p.tentativesMax, c.tentatives + 1) : c.tentatives + 1;
    const erreur = erreurLisible(echec, messager.secrets);
    await repo.marquerEchec(db, c.id, { erreur, prochainEssai: new Date(maintenant.getTime() + delaiAvantNouvelEssai(tentatives, p)), ...(definitif ? { abandon: tentatives } : {}) });
    deps.log?.warn({ courrielId: c.id, tentatives, abandon: tentatives >= p.tentativesMax, erreur }, 'courriel non envoyé');
    return false;
  }

  return {
    politique: p,

    /** One sweep: up to `parBalayage` rows; `restants` says a follow-up sweep has work. */
    async envoyerEnAttente(o: { arrete?: () => boolean } = {}): Promise<BilanEnvoi> {
      const bilan: BilanEnvoi = { envoyes: 0, echecs: 0, restants: false };
      let vus = 0;
      while (vus < p.parBalayage && !o.arrete?.()) {
        const maintenant = clock.now();
        const lot = await repo.reserver(db, {
          maintenant,
          bailJusqua: new Date(maintenant.getTime() + p.bailMs),
          tentativesMax: p.tentativesMax,
          limite: Math.min(p.lot, p.parBalayage - vus),
        });
        if (lot.length === 0) break;
        vus += lot.length;
        for (let i = 0; i < lot.length; i++) {
          if (o.arrete?.()) {
            await repo.liberer(db, lot.slice(i).map((c) => c.id));
            break;
          }
          const issue = await essayer(lot[i]!);
          if (issue === 'injoignable') {
            // Every other row would fail the same way: given back as they were, the sweep ends here.
            await repo.liberer(db, lot.slice(i + 1).map((c) => c.id));
            bilan.serveurInjoignable = true;
            break;
          }
          if (issue) bilan.envoyes++;
          else bilan.echecs++;
        }
        if (bilan.serveurInjoignable) {
          deps.log?.warn({ reessaiDansMs: p.reessaiServeurMs }, 'serveur SMTP injoignable : courriels gardés dans la file');
          break;
        }
        if (vus >= p.parBalayage) bilan.restants = true;
      }
      if (bilan.envoyes + bilan.echecs > 0) deps.log?.info(bilan, 'courriels envoyés');
      return bilan;
    },
  };
}

export type EnvoiService = ReturnType<typeof createEnvoiService>;
