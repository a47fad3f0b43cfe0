import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { analyserFormulaire } from '../../shared/http/formulaire.ts';
import { contextePage } from '../../shared/http/plumbing.ts';
import { urls } from '../../shared/urls.ts';
import { createOtpService } from './otp.service.ts';
import { messageSuspension, PageCleOtp } from './otp.views.tsx';

const formulaireActivation = z
  .object({
    code: z.preprocess((v) => (typeof v === 'string' ? v.replace(/\s/g, '') : v), z.string({ error: 'Saisissez le code affiché par la clé.' }).regex(/^\d{6}$/, 'Le code affiché par la clé comporte 6 chiffres.')),
    pin: z.string({ error: 'Choisissez un code PIN.' }).regex(/^\d{4}$/, 'Le code PIN comporte exactement 4 chiffres.'),
    pin_confirmation: z.string({ error: 'Confirmez le code PIN.' }),
  })
  .refine((f) => f.pin === f.pin_confirmation, { path: ['pin_confirmation'], message: 'Les deux codes PIN saisis sont différents.' });

export function otpRoutes(app: FastifyInstance, deps: { db: Database; clock: Clock }) {
  const otp = createOtpService(deps);

  app.get('/portail/cle-otp', { config: { acces: 'connecte' } }, async (request, reply) => {
    const statut = await otp.statut(request.session!.utilisateur.compteId);
    const fait = (request.query as Record<string, unknown>).fait === 'activee' ? 'Votre clé de sécurité est activée.' : null;
    return reply.html(PageCleOtp({ ctx: contextePage(request), statut, erreurs: {}, message: fait }));
  });

  app.post('/portail/cle-otp', { config: { acces: 'connecte' } }, async (request, reply) => {
    const compteId = request.session!.utilisateur.compteId;
    const f = analyserFormulaire(formulaireActivation, request.body);
    const refus = async (erreurs: Record<string, string>, statut = 400) =>
      reply.html(PageCleOtp({ ctx: contextePage(request), statut: await otp.statut(compteId), erreurs, message: null }), statut);
    if (!f.ok) return refus(f.erreurs);
    const r = await otp.activer(compteId, f.valeurs.code, f.valeurs.pin);
    if (r.resultat === 'SUSPENDUE') return refus({ code: messageSuspension(r.jusquAu) }, 429);
    if (r.resultat === 'CODE_FAUX') {
      const faux = 'Ce code ne correspond pas à votre clé, ou il a expiré : saisissez le code affiché maintenant.';
      return refus({ code: r.attendreJusquAu ? `${faux} ${messageSuspension(r.attendreJusquAu)}` : faux });
    }
    return reply.redirect(r.resultat === 'ACTIVEE' ? `${urls.otpActivation()}?fait=activee` : urls.otpActivation(), 303);
  });
}
