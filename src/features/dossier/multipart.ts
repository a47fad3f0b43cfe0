import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { NOMBRE_MAX_PIECES, TAILLE_MAX_PIECE, type FichierRecu } from './pieces.rules.ts';

type Partie = { type: 'field'; value: unknown } | { type: 'file'; filename: string; _buf: Buffer | null; file: { truncated?: boolean } };

/**
 * Multipart forms in this plugin's scope. Every part is read into the body (attachFieldsToBody), then flattened here
 * so that text fields are plain strings like a urlencoded form: the shared CSRF check (which reads `body._csrf` in
 * preHandler, after this preValidation hook) then works unchanged, and a post without the token stores nothing.
 * Files past the size limit are cut, not thrown, so that the form can say which one was too big.
 */
export async function installerMultipart(scope: FastifyInstance): Promise<(request: FastifyRequest) => FichierRecu[]> {
  const fichiers = new WeakMap<FastifyRequest, FichierRecu[]>();
  await scope.register(multipart, {
    attachFieldsToBody: true,
    throwFileSizeLimit: false,
    limits: { fileSize: TAILLE_MAX_PIECE, files: NOMBRE_MAX_PIECES + 1, fields: 10, fieldSize: 20_000, parts: NOMBRE_MAX_PIECES + 11, headerPairs: 100 },
  });
  scope.addHook('preValidation', async (request) => {
    if (!request.isMultipart() || !request.body || typeof request.body !== 'object') return;
    const champs: Record<string, string | string[]> = {};
    const recus: FichierRecu[] = [];
    for (const [nom, valeur] of Object.entries(request.body as Record<string, Partie | Partie[]>)) {
      for (const partie of Array.isArray(valeur) ? valeur : [valeur]) {
        if (partie.type === 'file') {
          const contenu = partie._buf ?? Buffer.alloc(0);
          // A file input left empty still sends a part with no name and no content: it is not a file.
          if (partie.filename === '' && contenu.length === 0) continue;
          recus.push({ nom: partie.filename, contenu, tronque: partie.file.truncated === true });
        } else if (typeof partie.value === 'string') {
          const deja = champs[nom];
          champs[nom] = deja === undefined ? partie.value : Array.isArray(deja) ? [...deja, partie.value] : [deja, partie.value];
        }
      }
    }
    request.body = champs;
    fichiers.set(request, recus);
  });
  return (request) => fichiers.get(request) ?? [];
}
