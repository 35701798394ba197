import { searchPath, type DirectoryQuery } from '../lib/directory-location.ts';
import type { DirectoryApi } from './directory-api.ts';
import { BatchLookup } from './BatchLookup.tsx';
import { PageHeading } from './PageHeading.tsx';
import { SearchForm } from './SearchForm.tsx';
import { SearchResults } from './SearchResults.tsx';
import { goToDirectoryPath } from './use-directory-location.ts';

/** Props of {@link DirectorySearch}. */
export interface DirectorySearchProps {
  api: DirectoryApi;
  /** The search the address carries. */
  query: DirectoryQuery;
  /** Whether the address asks for the search to run. */
  searched: boolean;
  /** Changes with the address (a new search starts fresh). */
  locationKey: string;
}

/**
 * The directory's front page: search for doctors, hospitals and suppliers, and look a drug batch up.
 * @param props - the client and the search in the address.
 */
export function DirectorySearch({ api, query, searched, locationKey }: DirectorySearchProps) {
  const run = (next: DirectoryQuery) => goToDirectoryPath(searchPath(next));
  return (
    <section className="page stack directory" aria-labelledby="directory-title">
      <PageHeading id="directory-title">Public directory</PageHeading>
      <p>
        Look up a doctor, hospital or supplier before you trust them — anywhere, in any country the directory
        covers. Each licence and accreditation is checked against the public registries when you open it, and
        reviews come only from patients with a verified treatment.
      </p>
      <SearchForm initial={query} onSearch={run} />
      {searched && <SearchResults key={locationKey} api={api} query={query} />}
      <BatchLookup api={api} />
    </section>
  );
}
