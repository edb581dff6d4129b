import { businessDateOf, KeelError, type StoreSettings } from '@keel/shared';
import { approverFor, requirePerson, requireSettings, type SaleDeps } from '../sale/context';
import { openShift, shiftById } from '../sale/ledger';
import { buildReport, type ReportHeader } from './report-build';
import type { ReportFacts } from './report-facts';
import { grossSince, readFacts, ReportStatements } from './report-read';
import type { Report, ReportOutputInput, ReportScope, XReport, XReportInput, ZListEntry, ZReport, ZReportInput } from '@keel/shared';
import { latestZs, lastZ, zByNumber } from './day-closes';
import { closeDay } from './z-close';

/** What reports read: the sale services' dependencies minus the card terminal (reports never pay). */
export type ReportDeps = Pick<SaleDeps, 'db' | 'journal' | 'catalog' | 'people' | 'session' | 'terminal' | 'clock' | 'ids'>;

/**
 * The `reports.*` channels, from the local SQLite ledger alone (works offline):
 * - x: a read-out of a shift or a business day at any time; reads in one transaction and
 *   writes nothing (not even the journal);
 * - z: closes the business day (z-close.ts), recorded as `day.closed` through journal.record;
 * - zGet / zList: closed Zs again, rebuilt from the documents they cover, with the figures
 *   exactly as recorded.
 * A supervisor (or higher, or a supervisor's PIN) may read reports; only a manager closes the day.
 */
export class ReportService {
  private readonly statements: ReportStatements;

  constructor(private readonly deps: ReportDeps) {
    this.statements = new ReportStatements(deps.db);
  }

  /** reports.x: the given shift or business day; by default the open shift, else today's business day. */
  x(input: XReportInput = {}): XReport {
    this.authorise('supervisor', input.approverPin);
    const settings = requireSettings(this.deps);
    const { db } = this.deps;
    // A deferred read transaction: one consistent snapshot, and nothing written.
    return db.transaction(() => {
      const scope = this.xScope(input, settings);
      const last = lastZ(db);
      const facts: ReportFacts = {
        ...readFacts(this.statements, scope, settings),
        grandTotal: { baseMinor: last?.payload.summary.grandTotalMinor ?? 0, sinceBaseMinor: grossSince(this.statements, last?.seq ?? 0) },
      };
      const report = buildReport(facts, this.header(scope, settings, this.now(), null));
      if (report.kind !== 'x') throw new Error('unreachable: an X report was built as a Z');
      return report;
    })();
  }

  /** reports.z: closes the business day. */
  closeDay(input: ZReportInput = {}): ZReport {
    const person = requirePerson(this.deps);
    const closer = approverFor(this.deps, person, 'manager', input.approverPin) ?? person;
    const settings = requireSettings(this.deps);
    if (openShift(this.deps.db)) {
      throw new KeelError('SHIFT_ALREADY_OPEN', 'Close the open shift (count the drawer) before closing the day.');
    }
    return closeDay(this.deps, this.statements, settings, { id: closer.id, name: closer.name }, (scope, at, z) => this.header(scope, settings, at, z));
  }

  /** reports.zGet: Z number n as it was closed (figures as recorded, sections rebuilt from its documents). */
  z(zNumber: number, approverPin?: string): ZReport {
    this.authorise('supervisor', approverPin);
    const settings = requireSettings(this.deps);
    const { db } = this.deps;
    return db.transaction(() => {
      const z = zByNumber(db, zNumber);
      if (!z) throw new KeelError('NOT_FOUND', `There is no Z report ${zNumber} on this terminal.`, { zNumber });
      const previous = zNumber > 1 ? zByNumber(db, zNumber - 1) : null;
      const scope: ReportScope = { kind: 'journal', afterSeq: previous?.seq ?? 0, beforeSeq: z.seq };
      const facts: ReportFacts = {
        ...readFacts(this.statements, scope, settings),
        grandTotal: { baseMinor: previous?.payload.summary.grandTotalMinor ?? 0, sinceBaseMinor: null },
      };
      const p = z.payload;
      const closedBy = { id: p.closedBy, name: facts.userNames.get(p.closedBy) ?? p.closedBy };
      const info = { zId: p.zId, zNumber: p.zNumber, businessDate: p.businessDate, closedAt: p.closedAt, closedBy };
      const report = buildReport(facts, this.header(scope, settings, p.closedAt, info), p.summary);
      if (report.kind !== 'z') throw new Error('unreachable: a Z report was built as an X');
      return report;
    })();
  }

  /** What print and the exports render: Z number n as closed, else an X like `reports.x` answers. */
  report(target: ReportOutputInput): Report {
    const pin = target.approverPin === undefined ? {} : { approverPin: target.approverPin };
    if (target.zNumber !== undefined) return this.z(target.zNumber, target.approverPin);
    if (target.shiftId !== undefined) return this.x({ shiftId: target.shiftId, ...pin });
    if (target.businessDate !== undefined) return this.x({ businessDate: target.businessDate, ...pin });
    return this.x(pin);
  }

  /** reports.zList: the latest Zs, newest first. */
  zList(limit = 31): ZListEntry[] {
    requirePerson(this.deps);
    return latestZs(this.deps.db, limit).map(({ payload: p }) => ({
      zNumber: p.zNumber,
      businessDate: p.businessDate,
      closedAt: p.closedAt,
      grossMinor: p.summary.grossMinor,
      grandTotalMinor: p.summary.grandTotalMinor,
    }));
  }

  private xScope(input: XReportInput, settings: StoreSettings): ReportScope {
    if (input.businessDate !== undefined) return { kind: 'businessDay', businessDate: input.businessDate };
    if (input.shiftId !== undefined) {
      if (!shiftById(this.deps.db, input.shiftId)) throw new KeelError('NOT_FOUND', 'No such shift on this terminal.', { shiftId: input.shiftId });
      return { kind: 'shift', shiftId: input.shiftId };
    }
    const open = openShift(this.deps.db);
    if (open) return { kind: 'shift', shiftId: open.shiftId };
    return { kind: 'businessDay', businessDate: businessDateOf(this.now(), settings.timeZone, settings.businessDayStartsAt) };
  }

  private header(scope: ReportScope, settings: StoreSettings, generatedAt: string, z: ReportHeader['z']): ReportHeader {
    return {
      scope,
      storeName: settings.name,
      terminalCode: this.deps.terminal.terminalCode,
      currency: settings.currency,
      timeZone: settings.timeZone,
      generatedAt,
      z,
    };
  }

  private authorise(minRole: 'supervisor' | 'manager', approverPin: string | undefined): void {
    const person = requirePerson(this.deps);
    approverFor(this.deps, person, minRole, approverPin);
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

export function createReportService(deps: ReportDeps): ReportService {
  return new ReportService(deps);
}
