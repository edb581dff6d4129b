import type { ReactNode } from 'react';

/** Something is on its way: never a blank area. */
export function Loading({ text = 'Loading…' }: { text?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{text}</span>
    </div>
  );
}

/** Nothing to show, and why, and what to do. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children ? <div className="state-hint">{children}</div> : null}
    </div>
  );
}

/** An error in place, with a way forward. */
export function ErrorText({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p className="inline-error" role="alert">
      {text}
    </p>
  );
}
