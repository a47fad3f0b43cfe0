import type { VNode } from 'preact';
import type { SessionCourante } from './session.ts';
import type { Role } from '../roles.ts';

declare module 'fastify' {
  interface FastifyRequest {
    session: SessionCourante | null;
    /** The CSRF token forms of this page must carry: the session's, or the anonymous double-submit cookie's. */
    jetonCsrf: string;
    /** When the request was received (the injected clock): deadlines are judged on it, not on processing time. */
    recueLe: Date;
  }
  interface FastifyReply {
    html(vnode: VNode, statusCode?: number): FastifyReply;
  }
  interface FastifyContextConfig {
    /** Who may call the route: 'public', any logged-in user ('connecte'), or one of these roles. */
    acces?: 'public' | 'connecte' | readonly Role[];
    /**
     * Streamed multipart routes: the body is not parsed before the handler, which must check the CSRF
     * token itself (sent as the first field of the form) with verifierJetonCsrf().
     */
    csrfDansLeFlux?: boolean;
  }
}
