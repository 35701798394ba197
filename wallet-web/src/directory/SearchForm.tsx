import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { kindLabel } from '../lib/directory-credential.ts';
import { checkSearchInput, isValidInput, MAX_SEARCH_LENGTH } from '../lib/directory-input.ts';
import type { DirectoryQuery } from '../lib/directory-location.ts';
import { DIRECTORY_KINDS } from '../lib/directory-types.ts';
import { TextField } from '../ui/TextField.tsx';

/** Props of {@link SearchForm}. */
export interface SearchFormProps {
  /** The search the address carries (the form starts from it). */
  initial: DirectoryQuery;
  /** Runs a checked search. */
  onSearch: (query: DirectoryQuery) => void;
}

/**
 * The directory search: words (name, licence or registration number, DID), kind and jurisdiction; each field
 * checked before anything is sent.
 * @param props - the search of the address and the handler.
 */
export function SearchForm({ initial, onSearch }: SearchFormProps) {
  const titleId = useId();
  const kindName = useId();
  const [query, setQuery] = useState<DirectoryQuery>(initial);
  const [errors, setErrors] = useState<Partial<Record<'q' | 'jurisdiction', string>>>({});
  const formRef = useRef<HTMLFormElement>(null);
  // Back and forward show the search of the address (the form keeps its focus: it is not re-created).
  const { q, kind, jurisdiction } = initial;
  useEffect(() => {
    setQuery({ q, kind, jurisdiction });
    setErrors({});
  }, [q, kind, jurisdiction]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkSearchInput(query);
    setErrors(checked.errors);
    if (!isValidInput(checked)) {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setQuery(checked.value);
    onSearch(checked.value);
  };

  return (
    <form
      ref={formRef}
      className="panel directory-search"
      role="search"
      aria-labelledby={titleId}
      onSubmit={submit}
      noValidate
    >
      <h2 id={titleId}>Find a doctor, hospital or supplier</h2>
      <TextField
        label="Name, licence number or DID"
        hint="For example a name, a licence or registration number, or an identifier starting with did:"
        type="search"
        value={query.q}
        onValueChange={(q) => setQuery((previous) => ({ ...previous, q }))}
        maxLength={MAX_SEARCH_LENGTH}
        autoComplete="off"
        spellCheck={false}
        enterKeyHint="search"
        error={errors.q}
        optional
      />
      <fieldset className="field kind-filter">
        <legend>Kind</legend>
        <div className="choice-row">
          {(['', ...DIRECTORY_KINDS] as const).map((kind) => (
            <label key={kind || 'all'} className="choice">
              <input
                type="radio"
                name={kindName}
                value={kind}
                checked={query.kind === kind}
                onChange={() => setQuery((previous) => ({ ...previous, kind }))}
              />
              {kind === '' ? 'All' : kindLabel(kind, true)}
            </label>
          ))}
        </div>
      </fieldset>
      <TextField
        label="Jurisdiction"
        hint="Country code such as PT or TR, or a region such as PT-11."
        value={query.jurisdiction}
        onValueChange={(jurisdiction) => setQuery((previous) => ({ ...previous, jurisdiction }))}
        maxLength={6}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        error={errors.jurisdiction}
        optional
      />
      <div className="actions">
        <button type="submit">Search</button>
      </div>
    </form>
  );
}
