import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import type { SessionStore } from '../../shared/http/session.ts';

export function adminRoutes(_app: FastifyInstance, _deps: { db: Database; clock: Clock; sessions: SessionStore }) {}
