import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { AccesRefuseError, CsrfError, ErreurMetier } from '../errors.ts';
import { renderPage } from './render.ts';
import { egauxEnTempsConstant, jetonAleatoire, type CookieNames, type SessionStore } from './session.ts';
import { PageErreur, TITRES_ERREUR } from '../views/erreurs.views.tsx';
import type { ContextePage } from '../views/kit.tsx';
import { urls } from '../urls.ts';
import type { Clock } from '../clock.ts';
import { codeBaseInjoignable, estDisquePlein, estDossierLectureSeule } from '../../db/indisponible.ts';

/** Seconds a client is asked to wait before retrying when the database does not answer (Retry-After). */
const REESSAYER_APRES_S = 5;

const METHODES_SURES = new Set(['GET', 'HEAD', 'OPTIONS']);

export function contextePage(request: FastifyRequest): ContextePage {
  const u = request.session?.utilisateur;
  return {
    utilisateur: u ? { nomAffiche: u.nomAffiche, estAdmin: u.roles.includes('ADMINISTRATEUR') } : null,
    csrf: request.jetonCsrf,
  };
}

/**
 * Session loading, access control, CSRF and HTML rendering for every route.
 * Access is declared per route (`config.acces`); a route that declares nothing is refused (fail closed).
 */
export function registerPlumbing(
  app: FastifyInstance,
  deps: { sessions: SessionStore; cookies: CookieNames; cookieSecure: boolean; clock: Clock; entetes: Readonly<Record<string, string>> },
) {
  const { sessions, cookies, cookieSecure, clock, entetes } = deps;

  app.decorateRequest('session', null);
  app.decorateRequest('jetonCsrf', '');
  app.decorateRequest('recueLe', null as unknown as Date);
  app.decorateReply('html', function (this: FastifyReply, vnode: VNode, statusCode = 200) {
    return this.code(statusCode).type('text/html; charset=utf-8').send(renderPage(vnode));
  });

  app.addHook('onRequest', async (request, reply) => {
    request.recueLe = clock.now();
    reply.headers(entetes);
    if (estStatique(request.url)) return;
    const jeton = request.cookies[cookies.session];
    if (jeton) request.session = await sessions.charger(jeton);
    if (request.session) {
      // Nothing seen while logged in is kept by the browser or a proxy.
      reply.header('cache-control', 'no-store');
      request.jetonCsrf = request.session.jetonCsrf;
    } else {
      // Anonymous forms (login) use a double-submit cookie.
      let anonyme = request.cookies[cookies.csrf];
      if (!anonyme || anonyme.length !== 43) {
        anonyme = jetonAleatoire();
        reply.setCookie(cookies.csrf, anonyme, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieSecure });
      }
      request.jetonCsrf = anonyme;
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    const acces = request.routeOptions.config.acces;
    if (acces === undefined) {
      // Static files and 404s declare no access; every route of ours declares one (fail closed otherwise).
      if (request.routeOptions.url === undefined || estStatique(request.url)) return;
      throw new AccesRefuseError();
    }
    if (acces !== 'public') {
      if (!request.session) {
        const retour = METHODES_SURES.has(request.method) ? request.url : pageDOrigine(request);
        return reply.redirect(`${urls.connexion(retour)}${retour ? '&' : '?'}raison=session`, 303);
      }
      if (acces !== 'connecte' && !acces.some((r) => request.session!.utilisateur.roles.includes(r))) {
        throw new AccesRefuseError();
      }
    }
    if (!METHODES_SURES.has(request.method) && !request.routeOptions.config.csrfDansLeFlux) verifierCsrf(request);
  });

  function verifierCsrf(request: FastifyRequest) {
    const body = request.body as Record<string, unknown> | undefined;
    verifierJetonCsrf(request, (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? request.headers['x-csrf-token']);
  }
}

/** Throws CsrfError unless `fourni` is this request's CSRF token (session's, or the anonymous cookie's). */
export function verifierJetonCsrf(request: FastifyRequest, fourni: unknown): void {
  if (typeof fourni !== 'string' || !request.jetonCsrf || !egauxEnTempsConstant(fourni, request.jetonCsrf)) throw new CsrfError();
}

function estStatique(url: string): boolean {
  return url.startsWith('/dsfr/') || url.startsWith('/static/');
}

/** The page the user was on when a form was posted with an expired session (same-site Referer only). */
function pageDOrigine(request: FastifyRequest): string | null {
  const referer = request.headers.referer;
  if (!referer) return null;
  try {
    const u = new URL(referer);
    if (u.host !== new URL(`http://${request.headers.host ?? ''}`).host) return null;
    return u.pathname + u.search;
  } catch {
    return null;
  }
}

function veutDuJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || (request.headers.accept ?? '').startsWith('application/json');
}

export function registerErrorHandlers(app: FastifyInstance) {
  app.setErrorHandler(async (error, request, reply) => {
    let statut: number;
    let message: string;
    let code: string;
    const injoignable = error instanceof ErreurMetier ? null : codeBaseInjoignable(error);
    if (error instanceof ErreurMetier) {
      statut = error.statusCode;
      message = error.message;
      code = error.code;
      request.log.info({ code, statut }, 'erreur métier');
    } else if (typeof (error as { statusCode?: unknown }).statusCode === 'number' && (error as { statusCode: number }).statusCode < 500) {
      // Fastify's own client errors: body too large, bad content type, malformed body, rate limit…
      statut = (error as { statusCode: number }).statusCode;
      code = (error as { code?: string }).code ?? 'REQUETE_INVALIDE';
      message = messageErreurClient(statut);
      request.log.info({ code, statut, err: error }, 'requête refusée');
    } else if (estDossierLectureSeule(error)) {
      // The embedded database's folder went read-only (a disk error): nothing of this request was written, nothing
      // will be until the operators repair the disk and restart the server (indisponible.ts).
      statut = 503;
      code = 'DISQUE_LECTURE_SEULE';
      message =
        'Le disque du serveur est passé en lecture seule : votre demande n’a pas été enregistrée, vos données déjà enregistrées ne sont pas touchées. Réessayez plus tard ; l’équipe technique doit rétablir le disque et redémarrer le service.';
      request.log.error({ code: 'EROFS', statut, motif: (error as Error).message }, 'base de données : dossier en lecture seule, requête refusée');
      reply.header('retry-after', '60');
    } else if (injoignable) {
      // PostgreSQL restarting, a connection cut, the server unreachable: the process stays up and serves again
      // as soon as the database answers; the pool has already discarded the dead connection.
      statut = 503;
      message = METHODES_SURES.has(request.method)
        ? 'Le service est momentanément indisponible. Réessayez dans un instant.'
        : 'Le service est momentanément indisponible. Réessayez dans un instant : si vous veniez d’envoyer un formulaire, vérifiez d’abord s’il a été pris en compte.';
      code = 'SERVICE_INDISPONIBLE';
      // Every request of an outage logs this line: the message, without the driver's stack, which says nothing more.
      request.log.warn({ code: injoignable, statut, motif: (error as Error).message }, 'base de données injoignable');
      reply.header('retry-after', String(REESSAYER_APRES_S));
    } else if (estDisquePlein(error)) {
      // Nothing of this request was written; the operators must free space (an error in the log, for them).
      statut = 503;
      code = 'DISQUE_PLEIN';
      message = 'Le disque du serveur est plein : votre demande n’a pas été enregistrée, vos données déjà enregistrées ne sont pas touchées. Réessayez plus tard ; l’équipe technique doit libérer de l’espace.';
      request.log.error({ code: '53100', statut, motif: (error as Error).message }, 'base de données : disque plein, écriture refusée');
      reply.header('retry-after', '60');
    } else {
      statut = 500;
      code = 'ERREUR_INTERNE';
      message = 'Une erreur inattendue est survenue. Vos données n’ont pas été modifiées par cette requête. Réessayez dans quelques instants.';
      request.log.error({ err: error }, 'erreur inattendue');
    }
    if (veutDuJson(request)) {
      return reply
        .code(statut)
        .type('application/problem+json; charset=utf-8')
        .send({ type: 'about:blank', title: TITRES_ERREUR[statut] ?? 'Erreur', status: statut, code, detail: message, instance: request.id });
    }
    return reply.html(
      PageErreur({ ctx: contextePage(request), statut, titre: TITRES_ERREUR[statut] ?? 'Erreur', message, reference: statut >= 500 ? request.id : undefined }),
      statut,
    );
  });

  app.setNotFoundHandler(async (request, reply) => {
    const message = 'La page que vous cherchez est introuvable. Vérifiez l’adresse ou revenez à l’accueil.';
    if (veutDuJson(request)) {
      return reply.code(404).type('application/problem+json; charset=utf-8').send({ title: TITRES_ERREUR[404], status: 404, code: 'INTROUVABLE', detail: message });
    }
    return reply.html(PageErreur({ ctx: contextePage(request), statut: 404, titre: TITRES_ERREUR[404]!, message }), 404);
  });
}

/**
 * Fastify's `frameworkErrors`: the requests its router refuses before any route or hook runs — a path whose
 * percent-encoding is not UTF-8 (`/iprof/candidater/%FF`: 400) or a URL parameter over 100 characters (414). Without
 * it Fastify answers them in English JSON, without our security headers. No hook ran: the page is anonymous.
 */
export function erreursDuRouteur(entetes: Readonly<Record<string, string>>) {
  return (error: { statusCode?: number; code?: string }, request: FastifyRequest, reply: FastifyReply) => {
    const statut = error.statusCode === 414 ? 414 : 400;
    const message =
      statut === 414
        ? 'L’adresse demandée est trop longue : un de ses éléments dépasse 100 caractères. Vérifiez-la : rien n’a été fait.'
        : 'L’adresse demandée contient un caractère mal encodé. Vérifiez-la : rien n’a été fait.';
    request.log.info({ code: error.code, statut }, 'adresse refusée par le routeur');
    return reply
      .headers(entetes)
      .code(statut)
      .type('text/html; charset=utf-8')
      .send(renderPage(PageErreur({ ctx: { utilisateur: null, csrf: '' }, statut, titre: TITRES_ERREUR[statut]!, message })));
  };
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser cannot read (malformed request line or header, headers
 * over 16 Kio, no request within the timeout) never reaches Fastify. Its default answer is English JSON; this one is
 * the same French page as every other error, with the security headers, then the connection is closed.
 */
export function erreursDuProtocole(entetes: Readonly<Record<string, string>>) {
  const pages = new Map<number, string>();
  for (const [statut, message] of [
    [400, 'La requête reçue est mal formée : rien n’a été fait. Rechargez la page.'],
    [408, 'La requête n’est pas arrivée à temps : rien n’a été fait. Réessayez.'],
    [431, 'La requête porte des en-têtes trop volumineux (des cookies trop nombreux, par exemple) : rien n’a été fait.'],
  ] as const) {
    const corps = Buffer.from(renderPage(PageErreur({ ctx: { utilisateur: null, csrf: '' }, statut, titre: TITRES_ERREUR[statut]!, message })));
    const tete = [`HTTP/1.1 ${statut} ${statut === 400 ? 'Bad Request' : statut === 408 ? 'Request Timeout' : 'Request Header Fields Too Large'}`, 'Content-Type: text/html; charset=utf-8', `Content-Length: ${corps.length}`, 'Connection: close', ...Object.entries(entetes).map(([k, v]) => `${k}: ${v}`)];
    pages.set(statut, Buffer.concat([Buffer.from(`${tete.join('\r\n')}\r\n\r\n`), corps]).toString('latin1'));
  }
  return (err: Error & { code?: string }, socket: import('node:net').Socket) => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const statut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    if (socket.writable) socket.write(pages.get(statut)!, 'latin1');
    socket.destroy(err);
  };
}

function messageErreurClient(statut: number): string {
  switch (statut) {
    case 413:
      return 'Le fichier ou le formulaire envoyé dépasse la taille autorisée. Rien n’a été enregistré.';
    case 415:
      return 'Ce type de contenu n’est pas accepté. Rien n’a été enregistré.';
    case 429:
      return 'Trop de tentatives depuis votre connexion. Patientez une minute avant de réessayer.';
    case 405:
      return 'Cette action n’est pas permise à cette adresse.';
    default:
      return 'La requête envoyée est invalide. Rechargez la page et recommencez : rien n’a été modifié.';
  }
}
