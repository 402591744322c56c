const MAX_ERROR_LENGTH = 2000;

/** Trims an error message to what the column keeps. */
export function truncateError(message: string): string {
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message;
}
