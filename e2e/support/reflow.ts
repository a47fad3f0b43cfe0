import type { Page } from 'playwright-core';

/** What a page shows wrong at one window width: wider than the window, a word cut across two lines, a button showing only its icon. */
export type DefautsReflow = { debordement: string | null; motsCoupes: string[]; libellesMasques: string[] };

/**
 * Measures the page as it is. The document must not be wider than the window (WCAG 1.4.10: no horizontal scroll at
 * 320 CSS px; a wide table scrolls inside its own region, which is not the document). A word inside a table cell, a
 * button or a badge must stay on one line: a Range over the word's characters gives one box per line it spans, so two
 * boxes at different heights mean the word was cut ("01/09/199 / 9", "Retire / r"). Words are split on spaces and after
 * hyphens (a line may break after a hyphen).
 */
export async function mesurerReflow(page: Page): Promise<DefautsReflow> {
  return page.evaluate(MESURE) as Promise<DefautsReflow>;
}

// Plain JavaScript in a string: tsx would wrap named functions in a `__name` helper that the page does not have.
const MESURE = `(() => {
    const racine = document.documentElement;
    const debordement =
      racine.scrollWidth > racine.clientWidth
        ? \`document large de \${racine.scrollWidth} px pour une fenêtre de \${racine.clientWidth} px (élément le plus à droite : \${plusADroite()})\`
        : null;

    function plusADroite() {
      let pire = null;
      let droite = racine.clientWidth;
      for (const e of Array.from(document.body.querySelectorAll('*'))) {
        const r = e.getBoundingClientRect();
        // An element inside a scrolling region (a table's container) does not widen the document, unless it escapes it.
        if (r.right > droite + 0.5 && r.width > 0 && (!e.closest('.fr-table__container') || getComputedStyle(e).position === 'absolute')) {
          droite = r.right;
          pire = e;
        }
      }
      if (!pire) return '?';
      const classes = typeof pire.className === 'string' && pire.className ? \`.\${pire.className.trim().split(/\\s+/).join('.')}\` : '';
      return \`\${pire.tagName.toLowerCase()}\${classes} « \${(pire.textContent ?? '').trim().slice(0, 40)} » jusqu’à \${Math.round(droite)} px\`;
    }

    const motsCoupes = [];
    const cibles = document.querySelectorAll('td, th, button, .fr-btn, .fr-badge, .fr-tag');
    for (const cible of Array.from(cibles)) {
      const parcours = document.createTreeWalker(cible, NodeFilter.SHOW_TEXT);
      for (let n = parcours.nextNode(); n; n = parcours.nextNode()) {
        const texte = n.textContent ?? '';
        const element = n.parentElement;
        if (!element || element.closest('.fr-sr-only') || getComputedStyle(element).visibility === 'hidden') continue;
        for (const m of texte.matchAll(/[^\\s-]+-?/g)) {
          if (m[0].length < 2) continue;
          const r = document.createRange();
          r.setStart(n, m.index);
          r.setEnd(n, m.index + m[0].length);
          const boites = Array.from(r.getClientRects()).filter((b) => b.width > 0 && b.height > 0);
          const lignes = new Set(boites.map((b) => Math.round(b.top)));
          if (lignes.size > 1) motsCoupes.push(\`« \${m[0]} » dans \${cible.tagName.toLowerCase()} « \${(cible.textContent ?? '').trim().replace(/\\s+/g, ' ').slice(0, 60)} »\`);
        }
      }
    }
    // A button of the content whose label is clipped shows only its icon (a DSFR button group without an icon
    // modifier turns its icon buttons into 40 px squares): every button keeps its visible label.
    const libellesMasques = [];
    for (const b of Array.from(document.querySelectorAll('main button, main .fr-btn'))) {
      if (!(b instanceof HTMLElement) || b.offsetParent === null || b.classList.contains('fr-breadcrumb__button')) continue;
      if (getComputedStyle(b).overflow !== 'visible' && b.scrollWidth > b.clientWidth + 1) libellesMasques.push(\`« \${(b.textContent ?? '').trim().replace(/\\s+/g, ' ')} » (\${b.clientWidth} px affichés sur \${b.scrollWidth})\`);
    }
    return { debordement, motsCoupes, libellesMasques };
})()`;
