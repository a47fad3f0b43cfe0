import crypto from 'node:crypto';
import type { VNode } from 'preact';
import { renderPage } from './render.ts';

/** The escaping of preact-render-to-string (`"`, `&`, `<`), the same in text and in attribute values. */
export function echapperHtml(s: string): string {
  return /["&<]/.test(s) ? s.replace(/["&<]/g, (c) => (c === '"' ? '&quot;' : c === '&' ? '&amp;' : '&lt;')) : s;
}

type Gabarit = { segments: Buffer[]; emplacements: number[] };

/**
 * Pages whose markup depends on a few inputs shared by many users (their "shape": roles, favourites, the
 * catalogue) and on a few strings of their own (name, CSRF token, date): each shape is rendered once with a
 * random marker in place of each own string, cut into byte segments at the markers, and every request
 * splices its escaped strings between the segments. The bytes are those of a direct render (tested); the
 * markers are drawn at start-up and never leave the process. Shapes are kept per `generation` object (the
 * catalogue as loaded: a reload starts afresh) in a bounded LRU.
 */
export function createGabarits<N extends string>(noms: readonly N[], options: { max: number }) {
  const graine = crypto.randomBytes(9).toString('hex');
  const marques = Object.fromEntries(noms.map((n, i) => [n, `v${graine}m${i}z`])) as Record<N, string>;
  const motif = new RegExp(`v${graine}m(\\d+)z`, 'g');
  let generationCourante: object | null = null;
  const cache = new Map<string, Gabarit>();

  function decouper(html: string): Gabarit {
    const segments: Buffer[] = [];
    const emplacements: number[] = [];
    let depuis = 0;
    for (const m of html.matchAll(motif)) {
      segments.push(Buffer.from(html.slice(depuis, m.index)));
      emplacements.push(Number(m[1]));
      depuis = m.index + m[0].length;
    }
    segments.push(Buffer.from(html.slice(depuis)));
    return { segments, emplacements };
  }

  return {
    /**
     * The page of shape `cle` (within `generation`) with `valeurs` in place of the markers. `construire`
     * receives the markers to use wherever a view would put the user's own strings; it runs only on a miss.
     */
    rendre(generation: object, cle: string, construire: (marques: Record<N, string>) => VNode, valeurs: Record<N, string>): Buffer {
      if (generation !== generationCourante) {
        cache.clear();
        generationCourante = generation;
      }
      let g = cache.get(cle);
      if (g) {
        cache.delete(cle);
      } else {
        g = decouper(renderPage(construire(marques)));
        if (cache.size >= options.max) cache.delete(cache.keys().next().value!);
      }
      cache.set(cle, g);
      // Each value is escaped and encoded once, however many times the page shows it (the CSRF token: once per form).
      const encodees: Array<Buffer | undefined> = new Array(noms.length);
      const morceaux: Buffer[] = [g.segments[0]!];
      let total = g.segments[0]!.length;
      for (let i = 0; i < g.emplacements.length; i++) {
        const k = g.emplacements[i]!;
        const v = (encodees[k] ??= Buffer.from(echapperHtml(valeurs[noms[k]!])));
        const s = g.segments[i + 1]!;
        morceaux.push(v, s);
        total += v.length + s.length;
      }
      return Buffer.concat(morceaux, total);
    },
    /** Shapes in memory (tests). */
    get taille(): number {
      return cache.size;
    },
  };
}
