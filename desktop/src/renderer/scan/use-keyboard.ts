import { createContext, useContext, useEffect, useLayoutEffect, useRef } from 'react';
import type { KeyboardHub, KeyHandler, Layer, ScanHandler } from './keyboard-hub';

export const KeyboardContext = createContext<KeyboardHub | null>(null);

function useHub(): KeyboardHub {
  const hub = useContext(KeyboardContext);
  if (!hub) throw new Error('KeyboardContext is missing');
  return hub;
}

/**
 * A screen's or dialog's keys, through the one keyboard listener (never addEventListener on
 * window directly: that would see a scanner's digits as typing). The latest handler is used on
 * every key without re-registering.
 */
export function useKeys(handler: KeyHandler, options: { layer?: Layer; active?: boolean } = {}): void {
  const hub = useHub();
  const ref = useRef(handler);
  useLayoutEffect(() => {
    ref.current = handler;
  });
  const { layer = 'screen', active = true } = options;
  useEffect(() => {
    if (!active) return undefined;
    return hub.pushKeys((key, info) => ref.current(key, info), layer);
  }, [hub, layer, active]);
}

/** Scans while this component is mounted (and active). */
export function useScans(handler: ScanHandler, options: { active?: boolean } = {}): void {
  const hub = useHub();
  const ref = useRef(handler);
  useLayoutEffect(() => {
    ref.current = handler;
  });
  const { active = true } = options;
  useEffect(() => {
    if (!active) return undefined;
    return hub.pushScans((code) => ref.current(code));
  }, [hub, active]);
}
