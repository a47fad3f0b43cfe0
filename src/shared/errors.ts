/** The error catalogue: domain code throws these; one handler (shared/http/error-handler.ts) maps them to pages or JSON. */
export abstract class ErreurMetier extends Error {
  abstract readonly statusCode: number;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A business rule refuses the action (window closed, illegal transition…). */
export class RegleMetierError extends ErreurMetier {
  readonly statusCode = 409;
}

/** The user may not do or see this. */
export class AccesRefuseError extends ErreurMetier {
  readonly statusCode = 403;
  constructor(code = 'ACCES_REFUSE', message = "Vous n’avez pas accès à cette page.") {
    super(code, message);
  }
}

export class IntrouvableError extends ErreurMetier {
  readonly statusCode = 404;
  constructor(code = 'INTROUVABLE', message = "La page ou l’élément demandé n'existe pas.") {
    super(code, message);
  }
}

/** The request is malformed beyond what a form can re-render (bad id in a URL…). */
export class RequeteInvalideError extends ErreurMetier {
  readonly statusCode = 400;
}

/** The CSRF token is missing or wrong: nothing was changed. */
export class CsrfError extends ErreurMetier {
  readonly statusCode = 403;
  constructor() {
    super('CSRF', "Le formulaire a expiré ou ne provient pas de ce site. Rechargez la page et recommencez : rien n’a été modifié.");
  }
}

/** Too many attempts from one address in the current window (login): nothing was checked. */
export class TropDeTentativesError extends ErreurMetier {
  readonly statusCode = 429;
  constructor(secondes: number) {
    super('TROP_DE_TENTATIVES', `Trop de tentatives de connexion depuis votre adresse : patientez ${secondes} s avant de réessayer. Cette tentative n’a pas été vérifiée.`);
  }
}
