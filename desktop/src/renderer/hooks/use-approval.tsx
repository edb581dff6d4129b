import { useCallback, useRef, useState, type ReactNode } from 'react';
import type { IpcResult, IpcChannel, Role } from '@keel/shared';
import { roleAtLeast } from '@keel/shared';
import { ApprovalDialog } from '../components/ApprovalDialog';
import { friendlyError } from '../api/error-text';
import { useTerminal } from '../state/terminal-state';

interface Pending<C extends IpcChannel> {
  role: 'supervisor' | 'manager';
  action: string;
  /**
   * Ask for the PIN before trying when the person's role is below `role` (refunds, voids).
   * False: try first and ask only if core answers APPROVAL_REQUIRED (a discount above the
   * cashier's own limit, a cash difference above the store's limit).
   */
  askFirst?: boolean;
  run: (pin: string | undefined) => Promise<IpcResult<C>>;
  resolve: (result: IpcResult<C> | null) => void;
}

/** Codes where the PIN itself was the problem: the pad stays open to try again. */
const RETRY_PIN = new Set(['PIN_INVALID', 'APPROVAL_REQUIRED', 'DISCOUNT_LIMIT_EXCEEDED', 'PERMISSION_DENIED']);

/**
 * Runs an action that may need a supervisor's or manager's PIN. When the person logged in has
 * the role, it just runs. Otherwise (or when core answers APPROVAL_REQUIRED, e.g. a discount
 * over the cashier's limit) the PIN pad opens and the action is run again with the PIN.
 * Resolves with the action's result, or null when the approval was cancelled.
 */
export function useApproval(): [ReactNode, <C extends IpcChannel>(options: Omit<Pending<C>, 'resolve'>) => Promise<IpcResult<C> | null>] {
  const { user } = useTerminal();
  const [pending, setPending] = useState<Pending<IpcChannel> | null>(null);
  const pendingRef = useRef<Pending<IpcChannel> | null>(null);

  const open = (next: Pending<IpcChannel> | null) => {
    pendingRef.current = next;
    setPending(next);
  };

  const request = useCallback(
    async <C extends IpcChannel>(options: Omit<Pending<C>, 'resolve'>): Promise<IpcResult<C> | null> => {
      const needsPinFirst = (options.askFirst ?? true) && (!user || !roleAtLeast(user.role, options.role as Role));
      if (!needsPinFirst) {
        const result = await options.run(undefined);
        if (result.ok || result.error.code !== 'APPROVAL_REQUIRED') return result;
      }
      return new Promise<IpcResult<C> | null>((resolve) => {
        open({ ...options, resolve } as unknown as Pending<IpcChannel>);
      });
    },
    [user],
  );

  const dialog = pending ? (
    <ApprovalDialog
      role={pending.role}
      action={pending.action}
      onCancel={() => {
        pendingRef.current?.resolve(null);
        open(null);
      }}
      approve={async (pin) => {
        const current = pendingRef.current;
        if (!current) return null;
        const result = await current.run(pin);
        if (!result.ok && RETRY_PIN.has(result.error.code)) return friendlyError(result.error);
        open(null);
        current.resolve(result);
        return null;
      }}
    />
  ) : null;

  return [dialog, request];
}
