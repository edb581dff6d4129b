import { businessDateOf, type DayClosed, type StoreSettings } from '@keel/shared';
import { asCommitError } from '../sale/context';
import { writeTransaction } from '../store/database';
import { insertDayCloseRow, lastZ } from './day-closes';
import { buildReport, buildSummary, coveredDates, type ReportHeader } from './report-build';
import type { ReportFacts } from './report-facts';
import { readFacts, type ReportStatements } from './report-read';
import type { ReportPerson, ReportScope, ZReport } from '@keel/shared';
import type { ReportDeps } from './report-service';

/**
 * Closing the business day: the Z covers every journal operation after the previous Z (DayClosed
 * in shared/sale/day-close.ts), so nothing is counted twice or skipped whatever the clock did,
 * and a day left open is simply covered by the next Z (its businessDates then list both days).
 *
 * Everything happens in ONE write transaction: the previous Z and the journal head are read, the
 * documents aggregated and the `day.closed` operation recorded through journal.record with its
 * day_closes row. So the Z number is gapless (previous + 1, under the write lock) and no document
 * can slip in between the figures and the record. A Z is never updated afterwards: its figures
 * are the operation's payload, hashed into the chain.
 */
export function closeDay(
  deps: ReportDeps,
  statements: ReportStatements,
  settings: StoreSettings,
  closedBy: ReportPerson,
  header: (scope: ReportScope, generatedAt: string, z: ReportHeader['z']) => ReportHeader,
): ZReport {
  const { db, journal } = deps;
  try {
    return writeTransaction(db, () => {
      const previous = lastZ(db);
      const scope: ReportScope = { kind: 'journal', afterSeq: previous?.seq ?? 0, beforeSeq: journal.head().seq + 1 };
      const facts: ReportFacts = {
        ...readFacts(statements, scope, settings),
        grandTotal: { baseMinor: previous?.payload.summary.grandTotalMinor ?? 0, sinceBaseMinor: null },
      };
      const summary = buildSummary(facts);
      const closedAt = deps.clock.now().toISOString();
      // The day being closed: the latest business day with documents, or today's for an empty Z.
      const businessDate = coveredDates(facts).at(-1) ?? businessDateOf(closedAt, settings.timeZone, settings.businessDayStartsAt);
      // Validated with DayClosedSchema when journal.record seals it (OperationSchema), once.
      const payload: DayClosed = {
        zId: deps.ids.uuid(),
        zNumber: (previous?.zNumber ?? 0) + 1,
        businessDate,
        closedBy: closedBy.id,
        closedAt,
        firstReceiptNumber: facts.firstReceiptNumber,
        lastReceiptNumber: facts.lastReceiptNumber,
        summary,
      };
      journal.record('day.closed', payload, (recorded) => insertDayCloseRow(db, recorded.payload, recorded.seq));
      const info = { zId: payload.zId, zNumber: payload.zNumber, businessDate, closedAt, closedBy };
      const report = buildReport(facts, header(scope, closedAt, info), summary);
      if (report.kind !== 'z') throw new Error('unreachable: a Z report was built as an X');
      return report;
    });
  } catch (error) {
    throw asCommitError(error, 'Z report');
  }
}
