import { up as initial } from './0001-initial';
import { up as printJobs } from './0002-print-jobs';
import { up as reportIndexes } from './0003-report-indexes';
import { up as manualPaymentResolutions } from './0004-manual-payment-resolutions';
import { up as reportDays } from './0005-report-days';

/**
 * The terminal's migrations in order; version N is entry N-1. Kept as TypeScript modules
 * (not .sql files) so the packaged app carries them inside its bundle. Each has its own test.
 */
export const MIGRATIONS: readonly { version: number; name: string; up: string }[] = [
  { version: 1, name: 'initial', up: initial },
  { version: 2, name: 'print-jobs', up: printJobs },
  { version: 3, name: 'report-indexes', up: reportIndexes },
  { version: 4, name: 'manual-payment-resolutions', up: manualPaymentResolutions },
  { version: 5, name: 'report-days', up: reportDays },
];
