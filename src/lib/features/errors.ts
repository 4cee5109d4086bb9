/**
 * The one error type of the feature layer. Messages name the offending column, feature or
 * spec field and say how to fix it, because they are shown to the user as they are.
 */
export class FeatureError extends Error {
  /** The spec path (e.g. `features[2].transform.lower`) or column the error is about, if any. */
  readonly where: string | undefined;

  /** Creates an error; `where` names the spec field or column for the UI to highlight. */
  constructor(message: string, where?: string) {
    super(message);
    this.name = 'FeatureError';
    this.where = where;
  }
}
