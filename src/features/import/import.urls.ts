export const urlsImport = {
  liste: () => '/iprof/gestion/imports',
  detail: (id: string) => `/iprof/gestion/imports/${id}`,
} as const;
