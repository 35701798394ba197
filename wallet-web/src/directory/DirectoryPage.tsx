import { useMemo } from 'react';
import { useAppConfig } from '../app/app-config.ts';
import { DIRECTORY_PATH } from '../lib/directory-location.ts';
import { BatchPage } from './BatchPage.tsx';
import { directoryApi } from './directory-api.ts';
import { DirectoryLink } from './DirectoryLink.tsx';
import { DirectorySearch } from './DirectorySearch.tsx';
import { PageHeading } from './PageHeading.tsx';
import { ProfilePage } from './ProfilePage.tsx';
import { useDirectoryLocation } from './use-directory-location.ts';

/**
 * The public directory (`/directory`): search, profiles (`/directory/profiles/<DID>`) and drug batch pages
 * (`/directory/batches/<batch id>`), all read from the verifier's unauthenticated directory API.
 */
export function DirectoryPage() {
  const { verifierApi: base } = useAppConfig();
  const api = useMemo(() => directoryApi(base), [base]);
  const { view, key } = useDirectoryLocation();
  switch (view.view) {
    case 'search':
      return <DirectorySearch api={api} query={view.query} searched={view.searched} locationKey={key} />;
    case 'profile':
      return <ProfilePage key={view.did} api={api} did={view.did} />;
    case 'batch':
      return <BatchPage key={view.batchId} api={api} batchId={view.batchId} />;
    default:
      return (
        <section className="page stack directory" aria-labelledby="directory-missing">
          <PageHeading id="directory-missing">Page not found</PageHeading>
          <p>This directory address does not exist.</p>
          <p>
            <DirectoryLink to={DIRECTORY_PATH}>Search the directory</DirectoryLink>
          </p>
        </section>
      );
  }
}
