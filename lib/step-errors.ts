const FATAL_PREFIX = /^(?:Fatal|Retryable)?Error: /;
const RETRIES_EXHAUSTED = /^Step "[^"]*" failed after (\d+) retr(?:y|ies): /;

/**
 * A step's error as a person should read it. In workflow context the runtime hands back
 * `FatalError: Step "step//./x//y" failed after 3 retries: <cause>`; keep the cause and
 * say how many attempts it took.
 */
export function describeStepError(error: unknown): string {
  let message = (error instanceof Error ? error.message : String(error)).replace(FATAL_PREFIX, '');
  const exhausted = RETRIES_EXHAUSTED.exec(message);
  if (exhausted) {
    message = `${message.slice(exhausted[0].length).replace(FATAL_PREFIX, '')} (gave up after ${Number(exhausted[1]) + 1} attempts)`;
  }
  return message;
}
