/** A failed command in words a coordinator can act on. */
import type { AppError } from '@benchline/shared';

export function describeCommandError(error: AppError): string {
  switch (error.code) {
    case 'LEASE_STALE':
      return 'You no longer hold this patient — claim again.';
    case 'LEASE_HELD':
      return error.message ?? 'Someone else is working this patient.';
    case 'VALIDATION_FAILED':
      return `Check the form: ${error.message ?? 'a field is not valid'}.`;
    case 'TIMEOUT':
      return 'No answer from the server in time. Your entry is kept — try again.';
    case 'SERVICE_UNAVAILABLE':
      return 'Not connected right now. Your entry is kept — try again once the connection is back.';
    case 'FORBIDDEN':
      return 'Your role cannot do this.';
    case 'NOT_FOUND':
      return 'This patient is not on file.';
    default:
      return `Something went wrong (${error.code}). Try again.`;
  }
}
