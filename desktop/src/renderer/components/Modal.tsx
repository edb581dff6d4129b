import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useKeys } from '../scan/use-keyboard';

/**
 * A dialog over the screen. It takes keys before the screen (Escape closes it) but not scans:
 * a scan while a dialog is open still reaches the cart behind it, visibly.
 */
export function Modal({ title, onClose, children, wide = false }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  useKeys(
    (key) => {
      if (key !== 'Escape') return false;
      onClose();
      return true;
    },
    { layer: 'dialog' },
  );
  useEffect(() => {
    const body = box.current?.querySelector('.modal-body');
    const first = body?.querySelector<HTMLElement>('[data-autofocus]') ?? body?.querySelector<HTMLElement>('input, button');
    first?.focus();
  }, []);
  return (
    <div className="modal-backdrop" role="presentation">
      <div className={`modal${wide ? ' modal-wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={id} ref={box}>
        <header className="modal-head">
          <h2 id={id}>{title}</h2>
          <button type="button" className="btn btn-ghost btn-icon" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </header>
        <div className="modal-body">{children}</div>
      </div>
    </div>
  );
}
