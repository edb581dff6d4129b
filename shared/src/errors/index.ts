export {
  ERROR_TABLE,
  ERROR_CODES,
  ERROR_STATUS,
  ERROR_CODE_PATTERN,
  isKnownErrorCode,
  httpStatusOf,
  isRetryable,
  type ErrorCode,
} from './codes';
export {
  ErrorEnvelopeSchema,
  isErrorEnvelope,
  KeelError,
  toKeelError,
  type ErrorEnvelope,
  type InputIssue,
} from './keel-error';
