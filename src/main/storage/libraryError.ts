/** Errors of library operations, with the HTTP status the web routes answer. */
export class LibraryError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 422,
    message: string,
  ) {
    super(message);
  }
}

/** A session whose file does not decode (its bytes are wrong): shown as damaged until the file changes. */
export class DamagedFileError extends LibraryError {
  constructor(message: string) {
    super(422, message);
  }
}
