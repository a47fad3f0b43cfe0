// Follows a running HR import: polls its JSON state every 2 s, updates the progress, reloads when it ends.
const bloc = document.querySelector('[data-suivi-import]');
if (bloc) {
  const url = bloc.getAttribute('data-suivi-import');
  const texte = bloc.querySelector('[data-suivi-texte]');
  const barre = bloc.querySelector('[data-suivi-barre]');
  const suivre = async () => {
    try {
      const r = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!r.ok) return setTimeout(suivre, 5000);
      const etat = await r.json();
      if (etat.statut !== 'EN_COURS') return window.location.reload();
      if (texte && texte.textContent !== etat.texte) texte.textContent = etat.texte;
      if (barre) barre.value = etat.pourcent;
    } catch {
      // Network hiccup: try again a little later.
    }
    setTimeout(suivre, 2000);
  };
  setTimeout(suivre, 2000);
}
