/**
 * A reason for a cash move, no-sale, price change or refund: one tap on a common reason, or
 * typed. One line of at most 200 characters, as the documents take it.
 */
export function ReasonPicker(props: {
  reasons: readonly string[];
  value: string;
  onChange: (reason: string) => void;
  /** The input's class: the dialogs and the returns screen size it differently. */
  inputClassName?: string;
}) {
  const { reasons, value, onChange, inputClassName = 'reason-field' } = props;
  return (
    <>
      <div className="quick-row">
        {reasons.map((r) => (
          <button key={r} type="button" className={`btn btn-quick${value === r ? ' is-selected' : ''}`} onClick={() => onChange(r)}>
            {r}
          </button>
        ))}
      </div>
      <input className={inputClassName} placeholder="Or type a reason" value={value} maxLength={200} onChange={(e) => onChange(e.target.value)} aria-label="Reason" />
    </>
  );
}
