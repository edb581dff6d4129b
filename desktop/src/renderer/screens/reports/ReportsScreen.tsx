import { useCallback, useEffect, useState } from 'react';
import type { IpcResult, Report, ReportOutputInput, ZListEntry } from '@keel/shared';
import { call } from '../../api/keel-client';
import { friendlyError } from '../../api/error-text';
import { Modal } from '../../components/Modal';
import { Empty, ErrorText, Loading } from '../../components/States';
import { money } from '../../format/display';
import { useApproval } from '../../hooks/use-approval';
import { useTerminal } from '../../state/terminal-state';
import { ReportView } from './ReportView';
import './reports.css';

type Selected = { kind: 'x' } | { kind: 'z'; zNumber: number };
type Loaded = { state: 'loading' } | { state: 'error'; text: string } | { state: 'ready'; report: Report };

/** Offers a file from core as a download: the browser host has no save dialog. */
function download(fileName: string, mimeType: string, body: BlobPart): void {
  const url = URL.createObjectURL(new Blob([body], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The manager's reports, from the terminal's own ledger (works offline): an X read-out of the
 * current shift, closing the day (Z, numbered, with confirmation), and the closed days to open
 * again; each with its hour chart and key figures, printed on the receipt printer or exported
 * as PDF or CSV. A supervisor may read; only a manager (or a manager's PIN) closes the day.
 */
export function ReportsScreen({ onBack }: { onBack: () => void }) {
  const { notify, shift } = useTerminal();
  const [selected, setSelected] = useState<Selected>({ kind: 'x' });
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [zList, setZList] = useState<ZListEntry[] | null>(null);
  const [zListError, setZListError] = useState<string | null>(null);
  const [confirmClose, setConfirmClose] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [approvalDialog, withApproval] = useApproval();

  const loadList = useCallback(async () => {
    const r = await call('reports.zList', { limit: 31 });
    if (r.ok) {
      setZList(r.value);
      setZListError(null);
    } else setZListError(friendlyError(r.error));
  }, []);

  const load = useCallback(
    async (which: Selected) => {
      setLoaded({ state: 'loading' });
      const result =
        which.kind === 'x'
          ? await withApproval({ role: 'supervisor', action: 'Reading the X report', run: (pin) => call('reports.x', pin ? { approverPin: pin } : {}) })
          : await withApproval({ role: 'supervisor', action: `Opening Z report ${which.zNumber}`, run: (pin) => call('reports.zGet', { zNumber: which.zNumber, ...(pin ? { approverPin: pin } : {}) }) });
      if (!result) return setLoaded({ state: 'error', text: 'Not opened: no approval was given.' });
      setLoaded(result.ok ? { state: 'ready', report: result.value } : { state: 'error', text: friendlyError(result.error) });
    },
    [withApproval],
  );

  useEffect(() => {
    void loadList();
  }, [loadList]);
  useEffect(() => {
    void load(selected);
  }, [load, selected]);

  const target = (report: Report): ReportOutputInput => (report.z ? { zNumber: report.z.zNumber } : report.scope.kind === 'shift' ? { shiftId: report.scope.shiftId } : {});

  const output = async (report: Report, what: 'print' | 'pdf' | 'csv') => {
    if (busy) return;
    setBusy(what);
    try {
      if (what === 'print') {
        const r = await call('reports.print', target(report));
        if (!r.ok) notify('error', `Not printed: ${friendlyError(r.error)}`);
        else if (r.value.printed) notify('ok', 'Report printed.');
        else if (r.value.code === 'DEVICE_NOT_CONFIGURED') notify('warn', 'Not printed: no receipt printer is set up. It stays queued and prints once one is.');
        else notify('warn', `Not printed yet (${r.value.code ?? 'printer error'}): it stays queued and prints when the printer is ready.`);
      } else if (what === 'pdf') {
        const r = await call('reports.exportPdf', target(report));
        if (!r.ok) return notify('error', `PDF not made: ${friendlyError(r.error)}`);
        download(r.value.fileName, r.value.mimeType, base64Bytes(r.value.base64));
        notify('ok', `Saved ${r.value.fileName}.`);
      } else {
        const r = await call('reports.exportCsv', target(report));
        if (!r.ok) return notify('error', `CSV not made: ${friendlyError(r.error)}`);
        download(r.value.fileName, `${r.value.mimeType};charset=utf-8`, r.value.text);
        notify('ok', `Saved ${r.value.fileName}.`);
      }
    } finally {
      setBusy(null);
    }
  };

  const closeDay = async () => {
    setConfirmClose(false);
    setBusy('z');
    const result: IpcResult<'reports.z'> | null = await withApproval({ role: 'manager', action: 'Closing the business day', run: (pin) => call('reports.z', pin ? { approverPin: pin } : {}) });
    setBusy(null);
    if (!result) return;
    if (!result.ok) return notify('error', `Day not closed: ${friendlyError(result.error)}`);
    notify('ok', `Day closed: Z report ${result.value.z.zNumber}.`);
    setLoaded({ state: 'ready', report: result.value });
    setSelected({ kind: 'z', zNumber: result.value.z.zNumber });
    void loadList();
  };

  const report = loaded.state === 'ready' ? loaded.report : null;
  return (
    <main className="reports-screen">
      <aside className="reports-side" aria-label="Reports">
        <button type="button" className="btn btn-ghost" onClick={onBack}>
          ← Back
        </button>
        <button type="button" className={`btn btn-block report-pick${selected.kind === 'x' ? ' is-current' : ''}`} onClick={() => setSelected({ kind: 'x' })} data-testid="open-x">
          <strong>X report</strong>
          <span className="muted">{shift ? 'Current shift, now' : 'Today, now'}</span>
        </button>
        <button type="button" className="btn btn-block btn-danger" onClick={() => setConfirmClose(true)} disabled={busy !== null} data-testid="close-day">
          Close the day (Z)…
        </button>
        <h3>Closed days</h3>
        {zListError ? <ErrorText text={zListError} /> : null}
        {zList === null && !zListError ? <Loading text="Loading closed days…" /> : null}
        {zList?.length === 0 ? <Empty title="No day closed yet">Close the day to get the first Z report.</Empty> : null}
        <ul className="z-list">
          {zList?.map((z) => (
            <li key={z.zNumber}>
              <button
                type="button"
                className={`btn btn-block report-pick${selected.kind === 'z' && selected.zNumber === z.zNumber ? ' is-current' : ''}`}
                onClick={() => setSelected({ kind: 'z', zNumber: z.zNumber })}
                data-testid="z-entry"
              >
                <strong>Z {z.zNumber}</strong>
                <span>{z.businessDate}</span>
                <span className="muted">{money(z.grossMinor, zCurrency(report))}</span>
              </button>
            </li>
          ))}
        </ul>
      </aside>

      <section className="reports-main">
        <div className="reports-actions">
          <button type="button" className="btn" disabled={!report || busy !== null} onClick={() => report && void output(report, 'print')} data-testid="report-print">
            {busy === 'print' ? 'Printing…' : 'Print'}
          </button>
          <button type="button" className="btn" disabled={!report || busy !== null} onClick={() => report && void output(report, 'pdf')} data-testid="report-pdf">
            {busy === 'pdf' ? 'Making PDF…' : 'Export PDF'}
          </button>
          <button type="button" className="btn" disabled={!report || busy !== null} onClick={() => report && void output(report, 'csv')} data-testid="report-csv">
            {busy === 'csv' ? 'Making CSV…' : 'Export CSV'}
          </button>
          <button type="button" className="btn btn-ghost" disabled={loaded.state === 'loading'} onClick={() => void load(selected)}>
            Refresh
          </button>
        </div>
        {loaded.state === 'loading' ? <Loading text="Building the report…" /> : null}
        {loaded.state === 'error' ? (
          <div className="report-error">
            <ErrorText text={loaded.text} />
            <button type="button" className="btn" onClick={() => void load(selected)}>
              Try again
            </button>
          </div>
        ) : null}
        {report ? report.summary.counts.sales + report.summary.counts.refunds + report.summary.counts.voids === 0 && report.noSales.length === 0 ? (
          <>
            <Empty title="Nothing sold yet">This report has no sales, refunds or voids. The figures below are all zero.</Empty>
            <ReportView report={report} />
          </>
        ) : (
          <ReportView report={report} />
        ) : null}
      </section>

      {confirmClose ? (
        <Modal title="Close the business day?" onClose={() => setConfirmClose(false)}>
          <p>
            This makes the next numbered <strong>Z report</strong> from everything since the last one and records it for the server. It cannot be undone or
            changed afterwards.
          </p>
          {shift ? <p className="inline-error">A shift is still open: close the shift (count the drawer) first.</p> : null}
          <div className="row">
            <button type="button" className="btn" onClick={() => setConfirmClose(false)}>
              Cancel
            </button>
            <button type="button" className="btn btn-primary" onClick={() => void closeDay()} disabled={shift !== null} data-testid="confirm-close-day">
              Close the day
            </button>
          </div>
        </Modal>
      ) : null}
      {approvalDialog}
    </main>
  );
}

/** The list shows amounts in the open report's currency (one store, one currency). */
function zCurrency(report: Report | null): string {
  return report?.currency ?? 'EUR';
}
