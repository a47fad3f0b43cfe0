/** "né" or "née" by civility; "né(e)" only when the civility is unknown. */
export function ne(civilite: string | null | undefined): string {
  const c = (civilite ?? '').trim().toLowerCase();
  if (c === 'm.' || c === 'm' || c === 'monsieur') return 'né';
  if (c === 'mme' || c === 'madame') return 'née';
  return 'né(e)';
}
