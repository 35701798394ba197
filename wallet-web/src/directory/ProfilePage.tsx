import { useEffect } from 'react';
import { formatClaim } from '../lib/credential-view.ts';
import { kindLabel } from '../lib/directory-credential.ts';
import { DIRECTORY_PATH } from '../lib/directory-location.ts';
import { ratingSummary } from '../lib/directory-rating.ts';
import type { Profile } from '../lib/directory-types.ts';
import { Loading } from '../ui/Loading.tsx';
import type { DirectoryApi } from './directory-api.ts';
import { DirectoryLink } from './DirectoryLink.tsx';
import { ListedCredentialCard } from './ListedCredentialCard.tsx';
import { LookupFailureAlert } from './LookupFailureAlert.tsx';
import { PageHeading } from './PageHeading.tsx';
import { ProfileBatches } from './ProfileBatches.tsx';
import { RatingStars } from './RatingStars.tsx';
import { ReviewList } from './ReviewList.tsx';
import { useLookup } from './use-lookup.ts';

function kindsText(profile: Profile): string {
  if (profile.kinds.length > 0) return profile.kinds.map((k) => kindLabel(k)).join(' · ');
  return profile.batches.length > 0 ? 'Manufacturer of published drug batches' : 'Listed party';
}

interface ProfileViewProps {
  profile: Profile;
  refreshing: boolean;
  onRefresh: () => void;
}

function ProfileView({ profile, refreshing, onRefresh }: ProfileViewProps) {
  useEffect(() => {
    document.title = `${profile.name ?? 'Profile'} — Public directory — medtrust`;
  }, [profile.name]);
  return (
    <>
      <header className="panel profile-head">
        <PageHeading id="profile-title">{profile.name ?? 'Unnamed party'}</PageHeading>
        <p className="profile-kinds">{kindsText(profile)}</p>
        <p className="rating-summary">
          {profile.rating.average !== null && profile.rating.count > 0 && (
            <RatingStars rating={profile.rating.average} />
          )}{' '}
          {ratingSummary(profile.rating)}
        </p>
        <dl className="hit-facts">
          <div>
            <dt>Identifier (DID)</dt>
            <dd className="mono">{profile.did}</dd>
          </div>
          <div>
            <dt>Checked</dt>
            <dd>{formatClaim(profile.checkedAt)}</dd>
          </div>
        </dl>
        <div className="actions">
          <button type="button" className="secondary" onClick={onRefresh} disabled={refreshing}>
            Check again now
          </button>
          {refreshing && <Loading label="Checking again" />}
        </div>
      </header>
      <section className="stack" aria-labelledby="credentials-title">
        <h2 id="credentials-title">Credentials</h2>
        {profile.credentials.length === 0 ? (
          <p className="empty">No licence or accreditation of this party is listed.</p>
        ) : (
          <div className="cards">
            {profile.credentials.map((credential) => (
              <ListedCredentialCard key={credential.credentialId ?? credential.jwt} credential={credential} />
            ))}
          </div>
        )}
      </section>
      {profile.batches.length > 0 && <ProfileBatches batches={profile.batches} />}
      <ReviewList profile={profile} />
    </>
  );
}

/**
 * A doctor's, hospital's or supplier's public profile, its statuses checked live when it is opened.
 * @param props - the directory client and the party's DID.
 */
export function ProfilePage({ api, did }: { api: DirectoryApi; did: string }) {
  const { lookup, reload } = useLookup((signal) => api.profile(did, signal), did);
  return (
    <section className="page stack directory" aria-labelledby="profile-title">
      <p className="back-link">
        <DirectoryLink to={DIRECTORY_PATH}>← Search the directory</DirectoryLink>
      </p>
      {lookup.state === 'loading' && <Loading label="Checking the profile" />}
      {lookup.state === 'failed' && (
        <>
          <PageHeading id="profile-title">Profile not available</PageHeading>
          <LookupFailureAlert error={lookup.error} subject="profile" onRetry={reload} />
        </>
      )}
      {lookup.state === 'done' && (
        <ProfileView profile={lookup.value} refreshing={lookup.refreshing} onRefresh={reload} />
      )}
    </section>
  );
}
