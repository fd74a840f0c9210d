/** Errors of library operations, with the HTTP status the web routes answer. */
export class LibraryError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 422,
    message: string,
  ) {
    super(message);
  }
}
