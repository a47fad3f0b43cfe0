import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RequeteInvalideError } from '../../shared/errors.ts';
import { analyserFormulaire } from '../../shared/saisie.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { idDe } from '../../shared/http/parametres.ts';
import { adresseDe } from '../../shared/http/session.ts';
import { urls } from '../../shared/urls.ts';
import type { ClesAccesService, PartieConfiante } from './cles-acces.service.ts';
import type { SessionsService } from './sessions.service.ts';
import type { OtpService } from './otp.service.ts';
import { verifierNomCle } from './securite.rules.ts';
import { PageSecurite, PageSessions } from './securite.views.tsx';

/** Fixed confirmation messages, chosen by code: nothing from the query string is echoed. */
const MESSAGES: Record<string, string> = {
  'cle-enregistree': 'Votre clé d’accès est enregistrée.',
  'cle-renommee': 'La clé d’accès a été renommée.',
  'cle-supprimee': 'La clé d’accès a été supprimée : elle n’ouvre plus de session.',
  'cle-exigee': 'Une clé d’accès vous sera demandée après votre mot de passe ou votre passcode.',
  'cle-non-exigee': 'Votre mot de passe ou votre passcode suffit de nouveau pour vous connecter.',
  'session-terminee': 'La session a été terminée : ce navigateur devra se reconnecter.',
  'autres-terminees': 'Vos autres sessions ont été terminées.',
};

function messageDe(query: unknown): string | null {
  const fait = (query as Record<string, unknown>)?.fait;
  return typeof fait === 'string' ? (MESSAGES[fait] ?? null) : null;
}

function champ(corps: unknown, nom: string): string {
  const v = (corps as Record<string, unknown> | null | undefined)?.[nom];
  return typeof v === 'string' ? v : '';
}

/**
 * The relying party of a request: the configured public address, or (outside production only, where none is
 * configured) the address the browser used. In production without a public address, passkeys are unavailable.
 */
export function partieConfiante(config: PartieConfiante | null, production: boolean) {
  return (request: FastifyRequest): PartieConfiante | null => {
    if (config || production) return config;
    try {
      // As the browser writes it (no default port).
      return { rpId: request.hostname, origine: new URL(`${request.protocol}://${request.host}`).origin };
    } catch {
      return null;
    }
  };
}

/** @simplewebauthn/browser's bundle, read once from node_modules (the version pinned beside the server's). */
export function scriptNavigateurWebauthn(racine: string): Buffer {
  return fs.readFileSync(path.join(racine, 'node_modules/@simplewebauthn/browser/dist/bundle/index.umd.min.js'));
}

const idCle = (request: FastifyRequest) => idDe(request.params, 'id');

/** "Ma sécurité" (passkeys, the OTP key's page) and "Mes sessions". */
export function securiteRoutes(app: FastifyInstance, deps: { cles: ClesAccesService; sessions: SessionsService; otp: OtpService; partie: (r: FastifyRequest) => PartieConfiante | null }) {
  const { cles, sessions, otp, partie } = deps;
  const connecte = { config: { acces: 'connecte' as const } };

  async function pageSecurite(request: FastifyRequest, extra: { message?: string | null; erreurs?: Record<string, string>; renommage?: { id: string; nom: string }; nomSaisi?: string } = {}) {
    const compteId = request.session!.utilisateur.compteId;
    const [liste, exigee, statutOtp] = await Promise.all([cles.lister(compteId), cles.exigee(compteId), otp.statut(compteId)]);
    return PageSecurite({
      ctx: contextePage(request),
      cles: liste,
      exigee,
      disponible: partie(request) !== null,
      otpActive: statutOtp.statut === 'ACTIVE',
      message: extra.message ?? null,
      erreurs: extra.erreurs ?? {},
      renommage: extra.renommage ?? null,
      ...(extra.nomSaisi !== undefined ? { nomSaisi: extra.nomSaisi } : {}),
    });
  }

  app.get('/portail/securite', connecte, async (request, reply) => reply.html(await pageSecurite(request, { message: messageDe(request.query) })));

  // JSON for the page's script: the creation options, the challenge kept with the session.
  app.post('/portail/securite/cles-acces/options', connecte, async (request, reply) => {
    const rp = partie(request);
    if (!rp) return reply.code(409).send({ erreur: 'Les clés d’accès ne sont pas configurées sur ce serveur.' });
    const nom = verifierNomCle(champ(request.body, 'nom'));
    if (!nom.ok) return reply.code(400).send({ erreur: nom.message, champ: 'nom' });
    const u = request.session!.utilisateur;
    return reply.send(await cles.optionsEnregistrement(u, request.session!.id, rp));
  });

  app.post('/portail/securite/cles-acces', connecte, async (request, reply) => {
    const rp = partie(request);
    if (!rp) throw new RequeteInvalideError('WEBAUTHN_NON_CONFIGURE', 'Les clés d’accès ne sont pas configurées sur ce serveur.');
    const saisi = champ(request.body, 'nom').slice(0, 200);
    const nom = verifierNomCle(saisi);
    if (!nom.ok) return reply.html(await pageSecurite(request, { erreurs: { nom: nom.message }, nomSaisi: saisi }), 400);
    const r = await cles.enregistrer(request.session!.utilisateur.compteId, request.session!.id, rp, champ(request.body, 'reponse'), nom.nom);
    if (!r.ok) return reply.html(await pageSecurite(request, { erreurs: { nom: r.message }, nomSaisi: saisi }), 400);
    return reply.redirect(`${urls.securite()}?fait=cle-enregistree`, 303);
  });

  app.post('/portail/securite/cles-acces/:id/renommer', connecte, async (request, reply) => {
    const id = idCle(request);
    const saisi = champ(request.body, `nom-${id}`).slice(0, 200);
    const nom = verifierNomCle(saisi);
    if (!nom.ok) return reply.html(await pageSecurite(request, { erreurs: { [`nom-${id}`]: nom.message }, renommage: { id, nom: saisi } }), 400);
    await cles.renommer(request.session!.utilisateur.compteId, id, nom.nom);
    return reply.redirect(`${urls.securite()}?fait=cle-renommee`, 303);
  });

  app.post('/portail/securite/cles-acces/:id/supprimer', connecte, async (request, reply) => {
    await cles.supprimer(request.session!.utilisateur.compteId, idCle(request));
    return reply.redirect(`${urls.securite()}?fait=cle-supprimee`, 303);
  });

  app.post('/portail/securite/cle-exigee', connecte, async (request, reply) => {
    const f = analyserFormulaire(z.object({ exigee: z.enum(['oui', 'non']) }), request.body);
    if (!f.ok) throw new RequeteInvalideError('CHOIX_INVALIDE', 'Choix invalide : rechargez la page et recommencez.');
    await cles.definirExigee(request.session!.utilisateur.compteId, f.valeurs.exigee === 'oui');
    return reply.redirect(`${urls.securite()}?fait=${f.valeurs.exigee === 'oui' ? 'cle-exigee' : 'cle-non-exigee'}`, 303);
  });

  app.get('/portail/sessions', connecte, async (request, reply) => {
    const liste = await sessions.lister(request.session!.utilisateur.compteId, request.session!.id);
    return reply.html(PageSessions({ ctx: contextePage(request), sessions: liste, message: messageDe(request.query) }));
  });

  app.post('/portail/sessions/:numero/terminer', connecte, async (request, reply) => {
    const numero = idDe(request.params, 'numero');
    await sessions.terminer(request.session!.utilisateur.compteId, request.session!.id, numero, adresseDe(request));
    return reply.redirect(`${urls.sessions()}?fait=session-terminee`, 303);
  });

  app.post('/portail/sessions/terminer-autres', connecte, async (request, reply) => {
    await sessions.terminerAutres(request.session!.utilisateur.compteId, request.session!.id, adresseDe(request));
    return reply.redirect(`${urls.sessions()}?fait=autres-terminees`, 303);
  });
}
