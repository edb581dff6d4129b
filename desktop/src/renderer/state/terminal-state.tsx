import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CartView, IpcError, IpcEventPayload, IpcOutput, IpcResult, SessionUser, ShiftView, SyncStatus } from '@keel/shared';
import { call, keelApi, onEvent } from '../api/keel-client';
import { friendlyError } from '../api/error-text';
import { clockTime } from '../format/display';

type AppInfo = IpcOutput<'app.info'>;
export type Devices = IpcEventPayload<'device.status'>['devices'];
export type UpdateStatus = IpcEventPayload<'update.status'>;
export type CartLine = CartView['lines'][number];

/** Where the terminal is in its life: each phase has exactly one screen. */
export type Phase = 'booting' | 'noCore' | 'bootFailed' | 'enroll' | 'firstSync' | 'login' | 'openShift' | 'ready';

export interface Notice {
  id: number;
  tone: 'info' | 'ok' | 'warn' | 'error';
  text: string;
}

/** A sale completed here since the UI started: what the returns screen can refund or void. */
export interface RecentSale {
  saleId: string;
  receiptNumber: string;
  at: string;
  totalMinor: number;
  changeMinor: number;
  currency: string;
  lines: CartLine[];
  receiptPrinted: boolean;
  status: 'sold' | 'refunded' | 'voided';
}

export interface Terminal {
  phase: Phase;
  bootError: IpcError | null;
  info: AppInfo | null;
  user: SessionUser | null;
  shift: ShiftView | null;
  cart: CartView | null;
  /** The line the last scan or add touched, for highlighting. */
  lastLineId: string | null;
  sync: SyncStatus | null;
  devices: Devices | null;
  update: UpdateStatus | null;
  /** The card terminal's latest words during a payment. */
  paymentText: string | null;
  notices: Notice[];
  recent: RecentSale[];
  boot(): Promise<void>;
  enterPhase(phase: Phase): void;
  setUser(user: SessionUser | null): void;
  setShift(shift: ShiftView | null): void;
  setPaymentText(text: string | null): void;
  refreshCart(): Promise<void>;
  refreshSync(): Promise<void>;
  /** Runs cart changes one at a time, in order, keeping the newest cart on screen. */
  cartOp(run: () => Promise<IpcResult<'cart.get'>>): Promise<IpcResult<'cart.get'>>;
  scan(code: string): Promise<boolean>;
  notify(tone: Notice['tone'], text: string): void;
  dismiss(id: number): void;
  addRecent(sale: RecentSale): void;
  markRecent(saleId: string, status: RecentSale['status']): void;
  logout(): Promise<void>;
}

const TerminalContext = createContext<Terminal | null>(null);

export function useTerminal(): Terminal {
  const terminal = useContext(TerminalContext);
  if (!terminal) throw new Error('TerminalProvider is missing');
  return terminal;
}

/** Which line a cart change touched: a new line, or the one whose quantity changed. */
function touchedLine(before: CartView | null, after: CartView): string | null {
  const old = new Map((before?.lines ?? []).map((l) => [l.lineId, l.qtyMilli]));
  const changed = after.lines.find((l) => old.get(l.lineId) !== l.qtyMilli);
  return changed?.lineId ?? null;
}

export function TerminalProvider({ children }: { children: ReactNode }) {
  const [phase, setPhase] = useState<Phase>('booting');
  const [bootError, setBootError] = useState<IpcError | null>(null);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [user, setUser] = useState<SessionUser | null>(null);
  const [shift, setShift] = useState<ShiftView | null>(null);
  const [cart, setCart] = useState<CartView | null>(null);
  const [lastLineId, setLastLineId] = useState<string | null>(null);
  const [sync, setSync] = useState<SyncStatus | null>(null);
  const [devices, setDevices] = useState<Devices | null>(null);
  const [update, setUpdate] = useState<UpdateStatus | null>(null);
  const [paymentText, setPaymentText] = useState<string | null>(null);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [recent, setRecent] = useState<RecentSale[]>([]);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const cartRef = useRef<CartView | null>(null);
  const nextNotice = useRef(1);

  const notify = useCallback((tone: Notice['tone'], text: string) => {
    const id = nextNotice.current++;
    setNotices((list) => [...list.slice(-3), { id, tone, text }]);
    // Errors stay until read and dismissed; the rest fade after a while.
    if (tone !== 'error') setTimeout(() => setNotices((list) => list.filter((n) => n.id !== id)), tone === 'warn' ? 10_000 : 5_000);
  }, []);
  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);

  const showCart = useCallback((next: CartView) => {
    setLastLineId(touchedLine(cartRef.current, next));
    cartRef.current = next;
    setCart(next);
  }, []);

  const cartOp = useCallback(
    (run: () => Promise<IpcResult<'cart.get'>>) => {
      const result = queue.current.then(run, run);
      queue.current = result.catch(() => undefined);
      return result.then((r) => {
        if (r.ok) showCart(r.value);
        return r;
      });
    },
    [showCart],
  );

  const refreshCart = useCallback(async () => {
    const result = await cartOp(() => call('cart.get', {}));
    if (!result.ok) notify('error', friendlyError(result.error));
  }, [cartOp, notify]);

  const refreshSync = useCallback(async () => {
    const result = await call('sync.status', {});
    if (result.ok) setSync(result.value);
  }, []);

  const scan = useCallback(
    async (code: string) => {
      const result = await cartOp(() => call('cart.addByBarcode', { barcode: code }));
      if (!result.ok) notify('error', friendlyError({ ...result.error, details: { barcode: code, ...(result.error.details as object | undefined) } }));
      return result.ok;
    },
    [cartOp, notify],
  );

  /** Works out the phase from core's facts; run at start, after enrolling and after a core restart. */
  const boot = useCallback(async () => {
    setBootError(null);
    if (!keelApi()) {
      setPhase('noCore');
      return;
    }
    const fail = (error: IpcError) => {
      setBootError(error);
      setPhase('bootFailed');
    };
    const infoResult = await call('app.info', {});
    if (!infoResult.ok) return fail(infoResult.error);
    setInfo(infoResult.value);
    // The devices' state now, not only their next change: after a reload the bar is right at once.
    const devicesNow = await call('devices.status', {});
    if (devicesNow.ok) setDevices(devicesNow.value.devices);
    if (!infoResult.value.enrolled) return setPhase('enroll');
    const status = await call('sync.status', {});
    if (status.ok) setSync(status.value);
    // Enrolled but never synced: no people, no prices yet. The first sync screen fetches them.
    if (status.ok && status.value.lastSuccessAt === null) return setPhase('firstSync');
    const current = await call('session.current', {});
    if (!current.ok) return fail(current.error);
    setUser(current.value);
    if (!current.value) return setPhase('login');
    const open = await call('shift.current', {});
    if (!open.ok) return fail(open.error);
    setShift(open.value);
    if (!open.value) return setPhase('openShift');
    await refreshCart();
    setPhase('ready');
  }, [refreshCart]);

  const logout = useCallback(async () => {
    const result = await call('session.logout', {});
    if (!result.ok) {
      notify('error', friendlyError(result.error));
      return;
    }
    setUser(null);
    setCart(null);
    cartRef.current = null;
    setPhase('login');
  }, [notify]);

  useEffect(() => {
    void boot();
    const offs = [
      onEvent('sync.status', setSync),
      onEvent('device.status', (payload) => setDevices(payload.devices)),
      onEvent('update.status', setUpdate),
      onEvent('payment.status', (payload) => setPaymentText(payload.text)),
      // A serial scanner's code was already added (or refused) by core: show core's cart, or say why.
      onEvent('cart.scanned', (payload) => {
        if (payload.ok) void cartOp(() => call('cart.get', {}));
        else if (payload.error) notify('error', friendlyError({ ...payload.error, details: { barcode: payload.barcode, ...(payload.error.details as object | undefined) } }));
      }),
      onEvent('core.restarted', () => {
        notify('warn', `The terminal restarted after a problem at ${clockTime(new Date().toISOString())}. Check the last action before repeating it.`);
        void boot();
      }),
    ];
    // Events carry every change; the poll only catches up after a missed one.
    const poll = setInterval(() => void refreshSync(), 15_000);
    return () => {
      offs.forEach((off) => off());
      clearInterval(poll);
    };
  }, [boot, notify, refreshSync, cartOp]);

  const value = useMemo<Terminal>(
    () => ({
      phase,
      bootError,
      info,
      user,
      shift,
      cart,
      lastLineId,
      sync,
      devices,
      update,
      paymentText,
      notices,
      recent,
      boot,
      enterPhase: setPhase,
      setUser,
      setShift,
      setPaymentText,
      refreshCart,
      refreshSync,
      cartOp,
      scan,
      notify,
      dismiss,
      addRecent: (sale) => setRecent((list) => [sale, ...list].slice(0, 50)),
      markRecent: (saleId, status) => setRecent((list) => list.map((s) => (s.saleId === saleId ? { ...s, status } : s))),
      logout,
    }),
    [phase, bootError, info, user, shift, cart, lastLineId, sync, devices, update, paymentText, notices, recent, boot, refreshCart, refreshSync, cartOp, scan, notify, dismiss, logout],
  );
  return <TerminalContext.Provider value={value}>{children}</TerminalContext.Provider>;
}
