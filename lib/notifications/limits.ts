// Plain constants, safe for the workflow bundle (the step module's top level reads them there).

/** A delivery is given up after this many HTTP attempts (about half a minute of backoff). */
export const MAX_DELIVERY_ATTEMPTS = 6;
