/** Why a model request could not be answered; the message is meant to be shown to people as is. */
export type ModelErrorCode =
  | 'unknown-experiment'
  | 'unknown-simulation'
  | 'iteration-out-of-range'
  | 'no-such-sample'
  | 'not-persisted'
  | 'bad-shorthand'
  | 'bad-cursor'
  | 'unknown-table';

/** An expected failure of a lookup (unknown id, bad shorthand, ...), as opposed to a damaged file. */
export class ModelError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}
