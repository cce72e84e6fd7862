/** A scenario file is not JSON or breaks its schema; the message names the file and the field. */
export class ScenarioInvalid extends Error {
  override readonly name = 'ScenarioInvalid';
  constructor(readonly file: string, readonly field: string | undefined, reason: string, options?: ErrorOptions) {
    super(field === undefined ? `${file}: ${reason}` : `${file}: ${field}: ${reason}`, options);
  }
}
