/**
 * An error the user can act on: printed as one line, no stack, with exit code 2 for a
 * usage problem (bad argument, missing configuration) and 1 for anything else.
 */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: 1 | 2 = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}
