// Keeps what the user types in forms marked data-brouillon, in this tab's sessionStorage, so that a reload,
// Back/Forward or a session expiry (log in again, come back to the page) loses nothing. Passwords, hidden
// fields and files are never kept. The copy is dropped once the server confirms the form was taken into
// account: the page reached right after submitting it carries data-fait (a reload of a page that merely shows an
// old confirmation keeps the copy).
const PREFIXE = 'vivier:brouillon:';
const SOUMIS = 'vivier:soumis:';
const cle = (form) => `${PREFIXE}${location.pathname}:${form.getAttribute('data-brouillon')}`;
const champs = (form) =>
  [...form.elements].filter((e) => e.name && e.name !== '_csrf' && !['password', 'hidden', 'file', 'submit', 'button'].includes(e.type));

const soumis = sessionStorage.getItem(`${SOUMIS}${location.pathname}`);
if (soumis) {
  sessionStorage.removeItem(`${SOUMIS}${location.pathname}`);
  if (document.querySelector('[data-fait]')) sessionStorage.removeItem(soumis);
}

for (const form of document.querySelectorAll('form[data-brouillon]')) {
  const sauve = sessionStorage.getItem(cle(form));
  if (sauve) {
    try {
      const valeurs = JSON.parse(sauve);
      let restaure = false;
      for (const e of champs(form)) {
        const v = valeurs[e.name];
        if (typeof v !== 'string' || v === '' || (e.value !== '' && e.value !== e.defaultValue)) continue;
        if (e.value === '' || e.tagName === 'SELECT') {
          e.value = v;
          restaure = true;
        }
      }
      if (restaure) {
        const note = document.createElement('p');
        note.className = 'fr-text--sm fr-mb-1w';
        note.setAttribute('role', 'status');
        note.textContent = 'Votre saisie précédente a été restaurée ; elle n’est pas encore enregistrée.';
        form.prepend(note);
      }
    } catch {
      sessionStorage.removeItem(cle(form));
    }
  }
  const garder = () => {
    const valeurs = {};
    for (const e of champs(form)) valeurs[e.name] = e.value;
    sessionStorage.setItem(cle(form), JSON.stringify(valeurs));
  };
  form.addEventListener('input', garder);
  form.addEventListener('change', garder);
  form.addEventListener('submit', () => sessionStorage.setItem(`${SOUMIS}${location.pathname}`, cle(form)));
}
