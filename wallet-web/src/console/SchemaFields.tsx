import { useId } from 'react';
import type { FormField, FormValues, SchemaForm } from '../lib/schema-form.ts';
import { TextField } from '../ui/TextField.tsx';

const INPUT_TYPES: Partial<Record<FormField['kind'], string>> = {
  date: 'date',
  datetime: 'datetime-local',
  integer: 'number',
};

function labelOf(field: FormField): string {
  return field.name === 'id' ? 'Subject identifier' : field.label;
}

function SelectField({
  field,
  value,
  error,
  onChange,
}: {
  field: FormField;
  value: string;
  error?: string;
  onChange: (v: string) => void;
}) {
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {labelOf(field)}
        {!field.required && ' (optional)'}
      </label>
      {field.description && (
        <p className="hint" id={`${id}-hint`}>
          {field.description}
        </p>
      )}
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={
          [field.description ? `${id}-hint` : '', error ? `${id}-error` : ''].join(' ').trim() || undefined
        }
        required={field.required}
      >
        <option value="">Choose…</option>
        {field.options?.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * The inputs of a schema-generated form, with field-level errors.
 * @param props - the form, the typed values, the errors by field and the change handler.
 */
export function SchemaFields({
  form,
  values,
  errors,
  onChange,
}: {
  form: SchemaForm;
  values: FormValues;
  errors: Record<string, string>;
  onChange: (name: string, value: string) => void;
}) {
  return (
    <>
      {form.fields.map((field) => {
        const error = errors[field.name];
        if (field.kind === 'select') {
          return (
            <SelectField
              key={field.name}
              field={field}
              value={values[field.name] ?? ''}
              onChange={(v) => onChange(field.name, v)}
              {...(error ? { error } : {})}
            />
          );
        }
        const hint = [field.description, field.kind === 'list' ? 'One entry per line.' : '']
          .filter(Boolean)
          .join(' ');
        const type = INPUT_TYPES[field.kind];
        return (
          <TextField
            key={field.name}
            label={labelOf(field)}
            value={values[field.name] ?? ''}
            onValueChange={(v) => onChange(field.name, v)}
            required={field.required}
            optional={!field.required}
            multiline={field.kind === 'list' || field.kind === 'textarea'}
            spellCheck={false}
            {...(hint ? { hint } : {})}
            {...(type ? { type } : {})}
            {...(field.min !== undefined ? { min: field.min } : {})}
            {...(field.max !== undefined ? { max: field.max } : {})}
            {...(error ? { error } : {})}
          />
        );
      })}
    </>
  );
}
