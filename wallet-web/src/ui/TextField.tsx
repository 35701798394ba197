import { useId, type ChangeEvent, type InputHTMLAttributes } from 'react';

/** Props of {@link TextField}. */
export interface TextFieldProps extends Omit<
  InputHTMLAttributes<HTMLInputElement | HTMLTextAreaElement>,
  'onChange'
> {
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  /** Help under the label. */
  hint?: string;
  /** Error shown under the field (marks it invalid). */
  error?: string;
  /** Marks the label “(optional)” (fields are required unless said otherwise). */
  optional?: boolean;
  /** A multi-line field. */
  multiline?: boolean;
  rows?: number;
}

/**
 * A labelled text input (or textarea) with optional hint and error, wired with `aria-describedby`/`aria-invalid`.
 * @param props - label, value, change handler, hint, error and input attributes.
 */
export function TextField({
  label,
  value,
  onValueChange,
  hint,
  error,
  optional,
  multiline,
  rows,
  id,
  ...rest
}: TextFieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const onChange = (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    onValueChange(event.target.value);
  const common = {
    id: inputId,
    value,
    onChange,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    ...rest,
  };
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={inputId}>
        {label}
        {optional ? ' (optional)' : null}
      </label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {multiline ? <textarea rows={rows ?? 3} {...common} /> : <input {...common} />}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
