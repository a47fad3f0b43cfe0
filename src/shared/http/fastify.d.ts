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
     * Upload routes: their body is read after the access check, so the plumbing does not check the CSRF token.
     * Set only by a scope of shared/pieces/depot.ts on its own routes, whose hook checks the token (first field of a
     * multipart body, parsed field of any other form) before the handler runs. Never set it by hand.
     */
    csrfDansLeFlux?: boolean;
  }
}
