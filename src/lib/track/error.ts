/** A problem with tracking input (an outcome, a campaign file, a second snapshot), for the user. */
export class TrackError extends Error {
  /**
   * @param message a sentence for the user, naming the column or file
   * @param control which control the message belongs next to
   */
  constructor(
    message: string,
    readonly control: 'outcome' | 'campaign' | 'migration' | 'overlap' | 'age',
  ) {
    super(message);
    this.name = 'TrackError';
  }
}
