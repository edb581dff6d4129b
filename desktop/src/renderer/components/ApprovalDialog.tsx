import { Modal } from './Modal';
import { PinPad } from './PinPad';

/**
 * A supervisor's or manager's PIN for one action. `approve` runs the action with the PIN and
 * answers an error text (wrong PIN, not allowed) or null when it went through.
 */
export function ApprovalDialog({
  role,
  action,
  approve,
  onCancel,
}: {
  role: 'supervisor' | 'manager';
  action: string;
  approve: (pin: string) => Promise<string | null>;
  onCancel: () => void;
}) {
  return (
    <Modal title={role === 'manager' ? 'Manager approval' : 'Supervisor approval'} onClose={onCancel}>
      <p className="approval-text">
        {action} needs a {role}. Ask a {role} to enter their PIN.
      </p>
      <PinPad label={`${role === 'manager' ? 'Manager' : 'Supervisor'} PIN`} submit={approve} onCancel={onCancel} cancelLabel="Cancel" layer="dialog" />
    </Modal>
  );
}
