import { useEffect, useState } from 'react';
import type { DeviceCheck, DeviceSettings, DeviceSettingsView, EndOfDay, IpcError } from '@keel/shared';
import { call } from '../api/keel-client';
import { friendlyError } from '../api/error-text';
import { ErrorText, Loading } from '../components/States';
import { money } from '../format/display';
import { useTerminal } from '../state/terminal-state';
import { deviceText } from '../status/status-text';

type Kind = 'printer' | 'cardTerminal' | 'scanner';
type Result = { tone: 'ok' | 'error'; text: string; lines?: string[] };

/** One form per device; `enabled: false` saves it as "not configured". */
interface Form {
  printer: { enabled: boolean; port: string; baudRate: number; model: string; drawer: 'none' | '2' | '5'; openWhenPin3: 'low' | 'high' };
  cardTerminal: { enabled: boolean; port: string; baudRate: number; model: string; password: string };
  scanner: { enabled: boolean; port: string; baudRate: number };
}

function formOf(s: DeviceSettings): Form {
  return {
    printer: {
      enabled: s.printer !== null,
      port: s.printer?.port ?? '',
      baudRate: s.printer?.baudRate ?? 9600,
      model: s.printer?.model ?? '',
      drawer: s.printer?.drawer ? (String(s.printer.drawer.pin) as '2' | '5') : s.printer ? 'none' : '2',
      openWhenPin3: s.printer?.drawer?.openWhenPin3 ?? 'low',
    },
    cardTerminal: { enabled: s.cardTerminal !== null, port: s.cardTerminal?.port ?? '', baudRate: s.cardTerminal?.baudRate ?? 9600, model: s.cardTerminal?.model ?? '', password: '' },
    scanner: { enabled: s.scanner !== null, port: s.scanner?.port ?? '', baudRate: s.scanner?.baudRate ?? 9600 },
  };
}

function settingsOf(f: Form): DeviceSettings {
  const p = f.printer;
  const c = f.cardTerminal;
  return {
    printer: p.enabled ? { port: p.port, baudRate: p.baudRate, model: p.model || null, drawer: p.drawer === 'none' ? null : { pin: p.drawer === '5' ? 5 : 2, openWhenPin3: p.openWhenPin3 } } : null,
    cardTerminal: c.enabled ? { port: c.port, baudRate: c.baudRate, model: c.model.trim() || null, ...(c.password ? { password: c.password } : {}) } : null,
    scanner: f.scanner.enabled ? { port: f.scanner.port, baudRate: f.scanner.baudRate } : null,
  };
}

/** A check as the IT person reads it: what happened, the error table's meaning, the device's own words. */
function checkText(check: DeviceCheck, okText: string): Result {
  if (check.ok && !check.code) {
    // Core's detail may repeat the sentence ("The test slip printed."): say it once.
    const extra = check.detail && !check.detail.startsWith(okText) ? ` (${check.detail})` : '';
    return { tone: 'ok', text: `${okText}${extra}` };
  }
  const parts = [check.code, check.meaning, check.detail].filter((p) => p && p.length > 0);
  return { tone: check.ok ? 'ok' : 'error', text: parts.join(' — ') };
}

/** Why the card terminal's report did not print; a printer that failed keeps it in its queue. */
const printNote = (code: string | null): string =>
  code === 'DEVICE_NOT_CONFIGURED' ? 'no receipt printer is set up.' : `${friendlyError({ code: code ?? 'PRINTER_ERROR', message: 'The printer did not print it.' })} It prints when the printer is ready.`;

const errorResult = (error: IpcError): Result => ({ tone: 'error', text: `${friendlyError(error)}${error.code !== 'INVALID_INPUT' ? ` (${error.code})` : ''}` });

/**
 * Device settings for a supervisor or manager: ports, speeds, printer model, drawer pin and
 * polarity; Save, Test print, Test connection and the card terminal's end-of-day, each showing
 * exactly what the device answered (not configured, cannot open the port, no answer, an error
 * code and its meaning).
 */
export function DeviceSettingsScreen() {
  const { devices } = useTerminal();
  const [view, setView] = useState<DeviceSettingsView | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [results, setResults] = useState<Record<string, Result>>({});

  useEffect(() => {
    void call('devices.config', {}).then((r) => {
      if (!r.ok) return setLoadError(friendlyError(r.error));
      setView(r.value);
      setForm(formOf(r.value.settings));
    });
  }, []);

  if (loadError) return <ErrorText text={loadError} />;
  if (!view || !form) return <Loading text="Reading the device settings…" />;

  const run = async (key: string, work: () => Promise<Result>) => {
    setBusy(key);
    setResults((r) => ({ ...r, [key]: { tone: 'ok', text: 'Working…' } }));
    const result = await work();
    setResults((r) => ({ ...r, [key]: result }));
    setBusy(null);
  };
  const save = () =>
    run('save', async () => {
      const r = await call('devices.saveConfig', { settings: settingsOf(form) });
      if (!r.ok) return errorResult(r.error);
      setView(r.value);
      setForm(formOf(r.value.settings));
      return { tone: 'ok', text: 'Saved. The devices were restarted with these settings.' };
    });
  const testPrint = () =>
    run('printer', async () => {
      const r = await call('devices.testPrint', {});
      return r.ok ? checkText(r.value, 'The test slip printed') : errorResult(r.error);
    });
  const testConnection = (kind: Kind) =>
    run(kind, async () => {
      const r = await call('devices.testConnection', { kind });
      return r.ok ? checkText(r.value, 'Connected') : errorResult(r.error);
    });
  const endOfDay = () =>
    run('cardTerminal', async () => {
      const r = await call('payment.endOfDay', {});
      if (!r.ok) return errorResult(r.error);
      const day: EndOfDay = r.value;
      const done = day.totalMinor === null ? 'End-of-day done.' : `End-of-day done, total ${money(day.totalMinor, 'EUR')}.`;
      const printed = day.receiptLines.length === 0 ? '' : day.receiptPrinted ? ' Its report printed on the receipt printer.' : ` Its report did not print: ${printNote(day.printCode)}`;
      const base = day.ok && !day.code ? { tone: 'ok' as const, text: `${done}${printed}` } : checkText(day, done);
      return { ...base, lines: day.receiptLines };
    });

  const set = <K extends keyof Form>(kind: K, patch: Partial<Form[K]>) => setForm({ ...form, [kind]: { ...form[kind], ...patch } });
  const disabled = busy !== null;
  const resultOf = (key: string) => {
    const r = results[key];
    if (!r) return null;
    return (
      <div className={r.tone === 'ok' ? 'inline-ok' : 'inline-error'} role="status" data-testid={`result-${key}`}>
        <p>{r.text}</p>
        {r.lines && r.lines.length > 0 ? <pre className="terminal-lines">{r.lines.join('\n')}</pre> : null}
      </div>
    );
  };
  const state = (kind: Kind) => {
    const text = deviceText(kind, devices);
    return (
      <p className="muted small" data-testid={`state-${kind}`} title={text.detail}>
        Now: {text.label}
      </p>
    );
  };
  const portField = (kind: Kind, value: string, placeholder: string) => (
    <label>
      Port
      <input value={value} placeholder={placeholder} onChange={(e) => set(kind, { port: e.target.value })} data-testid={`${kind}-port`} />
    </label>
  );
  const baudField = (kind: Kind, value: number, rates: number[]) => (
    <label>
      Speed (baud)
      <select value={value} onChange={(e) => set(kind, { baudRate: Number(e.target.value) })} data-testid={`${kind}-baud`}>
        {rates.map((b) => (
          <option key={b} value={b}>
            {b}
          </option>
        ))}
      </select>
    </label>
  );
  const enabledField = (kind: Kind, value: boolean, label: string) => (
    <label className="check">
      <input type="checkbox" checked={value} onChange={(e) => set(kind, { enabled: e.target.checked })} data-testid={`${kind}-enabled`} /> {label}
    </label>
  );

  return (
    <main className="device-settings" data-testid="device-settings">
      <h1>Devices</h1>
      {view.problem ? <ErrorText text={`The stored settings could not be used (${view.problem.message}). Enter them again and save.`} /> : null}
      <div className="device-grid">
        <section className="card">
          <h2>Receipt printer and cash drawer</h2>
          {state('printer')}
          {enabledField('printer', form.printer.enabled, 'A receipt printer is connected')}
          {form.printer.enabled ? (
            <>
              {portField('printer', form.printer.port, '/dev/ttyUSB0')}
              {baudField('printer', form.printer.baudRate, view.printerBaudRates)}
              <label>
                Model
                <select value={form.printer.model} onChange={(e) => set('printer', { model: e.target.value })} data-testid="printer-model">
                  <option value="">Generic ESC/POS</option>
                  {view.printerModels.map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Cash drawer
                <select value={form.printer.drawer} onChange={(e) => set('printer', { drawer: e.target.value as Form['printer']['drawer'] })} data-testid="printer-drawer">
                  <option value="none">No drawer</option>
                  <option value="2">Drawer on pin 2</option>
                  <option value="5">Drawer on pin 5</option>
                </select>
              </label>
              {form.printer.drawer !== 'none' ? (
                <label>
                  Drawer reads “open” when its switch is
                  <select value={form.printer.openWhenPin3} onChange={(e) => set('printer', { openWhenPin3: e.target.value as 'low' | 'high' })} data-testid="printer-polarity">
                    <option value="low">Low (most drawers)</option>
                    <option value="high">High</option>
                  </select>
                </label>
              ) : null}
            </>
          ) : null}
          <div className="row">
            <button type="button" className="btn" onClick={() => void testPrint()} disabled={disabled} data-testid="test-print">
              Test print
            </button>
            <button type="button" className="btn" onClick={() => void testConnection('printer')} disabled={disabled} data-testid="test-printer">
              Test connection
            </button>
          </div>
          {resultOf('printer')}
        </section>

        <section className="card">
          <h2>Card terminal (ZVT)</h2>
          {state('cardTerminal')}
          {enabledField('cardTerminal', form.cardTerminal.enabled, 'A card terminal is connected')}
          {form.cardTerminal.enabled ? (
            <>
              {portField('cardTerminal', form.cardTerminal.port, '/dev/ttyS0')}
              {baudField('cardTerminal', form.cardTerminal.baudRate, view.cardTerminalBaudRates)}
              <label>
                Model
                <input value={form.cardTerminal.model} placeholder="e.g. Ingenico iCT250" onChange={(e) => set('cardTerminal', { model: e.target.value })} data-testid="cardTerminal-model" />
              </label>
              <label>
                ZVT password (leave empty to keep)
                <input value={form.cardTerminal.password} inputMode="numeric" maxLength={6} onChange={(e) => set('cardTerminal', { password: e.target.value })} />
              </label>
            </>
          ) : null}
          <div className="row">
            <button type="button" className="btn" onClick={() => void testConnection('cardTerminal')} disabled={disabled} data-testid="test-card">
              Test connection
            </button>
            <button type="button" className="btn" onClick={() => void endOfDay()} disabled={disabled} data-testid="end-of-day">
              End-of-day
            </button>
          </div>
          {resultOf('cardTerminal')}
        </section>

        <section className="card">
          <h2>Serial barcode scanner</h2>
          {state('scanner')}
          {enabledField('scanner', form.scanner.enabled, 'A serial (RS-232) scanner is connected')}
          {form.scanner.enabled ? (
            <>
              {portField('scanner', form.scanner.port, '/dev/ttyACM0')}
              {baudField('scanner', form.scanner.baudRate, view.printerBaudRates)}
            </>
          ) : null}
          <div className="row">
            <button type="button" className="btn" onClick={() => void testConnection('scanner')} disabled={disabled} data-testid="test-scanner">
              Test connection
            </button>
          </div>
          {resultOf('scanner')}
        </section>
      </div>
      <div className="row">
        <button type="button" className="btn btn-primary btn-lg" onClick={() => void save()} disabled={disabled} data-testid="save-devices">
          {busy === 'save' ? 'Saving…' : 'Save'}
        </button>
      </div>
      {resultOf('save')}
    </main>
  );
}
