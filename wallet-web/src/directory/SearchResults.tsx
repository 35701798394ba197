import { useId, useState } from 'react';
import { shortDid } from '../lib/credential-view.ts';
import { SEARCH_PAGE_SIZE } from '../lib/directory-api-urls.ts';
import { jurisdictionLabel, kindLabel } from '../lib/directory-credential.ts';
import { profilePath, type DirectoryQuery } from '../lib/directory-location.ts';
import type { SearchHit } from '../lib/directory-types.ts';
import { Loading } from '../ui/Loading.tsx';
import type { DirectoryApi } from './directory-api.ts';
import { DirectoryLink } from './DirectoryLink.tsx';
import { LookupFailureAlert } from './LookupFailureAlert.tsx';
import { useLookup } from './use-lookup.ts';

function numberLabel(hit: SearchHit): string {
  return hit.kind === 'doctor' ? 'Licence number' : 'Registration number';
}

function HitItem({ hit }: { hit: SearchHit }) {
  const title = hit.name ?? shortDid(hit.did);
  return (
    <li className="panel directory-hit">
      <div className="panel-head">
        <h3>
          <DirectoryLink to={profilePath(hit.did)}>{title}</DirectoryLink>
        </h3>
        <span className="tag kind-tag">{kindLabel(hit.kind)}</span>
      </div>
      <dl className="hit-facts">
        {hit.number !== undefined && (
          <div>
            <dt>{numberLabel(hit)}</dt>
            <dd className="mono">{hit.number}</dd>
          </div>
        )}
        {hit.specialty !== undefined && (
          <div>
            <dt>Specialty</dt>
            <dd>{hit.specialty}</dd>
          </div>
        )}
        {hit.role !== undefined && (
          <div>
            <dt>Role</dt>
            <dd>{hit.role}</dd>
          </div>
        )}
        {hit.jurisdiction !== undefined && (
          <div>
            <dt>Jurisdiction</dt>
            <dd>{jurisdictionLabel(hit.jurisdiction)}</dd>
          </div>
        )}
      </dl>
    </li>
  );
}

function describeQuery(query: DirectoryQuery): string {
  const parts = [
    query.q === '' ? undefined : `“${query.q}”`,
    query.kind === '' ? undefined : kindLabel(query.kind, true).toLowerCase(),
    query.jurisdiction === '' ? undefined : `in ${query.jurisdiction}`,
  ].filter((p): p is string => p !== undefined);
  return parts.length === 0 ? 'everything listed' : parts.join(', ');
}

/**
 * The results of a search, with "Show more" while pages are full; loading, empty and failure states.
 * @param props - the directory client and the (checked) search.
 */
export function SearchResults({ api, query }: { api: DirectoryApi; query: DirectoryQuery }) {
  const titleId = useId();
  const { lookup, reload } = useLookup((signal) => api.search(query, 0, signal), JSON.stringify(query));
  const [more, setMore] = useState<SearchHit[]>([]);
  const [moreState, setMoreState] = useState<{ busy: boolean; error?: unknown; done: boolean }>({
    busy: false,
    done: false,
  });

  const first = lookup.state === 'done' ? lookup.value.items : [];
  const items = [...first, ...more];
  const full = items.length > 0 && items.length % SEARCH_PAGE_SIZE === 0 && !moreState.done;

  const loadMore = async () => {
    setMoreState({ busy: true, done: false });
    try {
      const page = await api.search(query, items.length);
      setMore((previous) => [...previous, ...page.items]);
      setMoreState({ busy: false, done: page.items.length < SEARCH_PAGE_SIZE });
    } catch (error) {
      setMoreState({ busy: false, error, done: false });
    }
  };

  return (
    <section className="stack" aria-labelledby={titleId}>
      <h2 id={titleId}>Results</h2>
      {lookup.state === 'loading' && <Loading label="Searching the directory" />}
      {lookup.state === 'failed' && (
        <LookupFailureAlert error={lookup.error} subject="search" onRetry={reload} />
      )}
      {lookup.state === 'done' && (
        <p role="status" className="result-count">
          {items.length === 0
            ? `Nobody listed matches ${describeQuery(query)}. Try fewer words, another spelling, or remove a filter.`
            : `${items.length}${full ? '+' : ''} listed for ${describeQuery(query)}.`}
        </p>
      )}
      {items.length > 0 && (
        <ul className="directory-hits">
          {items.map((hit) => (
            <HitItem key={`${hit.kind} ${hit.did}`} hit={hit} />
          ))}
        </ul>
      )}
      {moreState.error !== undefined && (
        <LookupFailureAlert error={moreState.error} subject="search" onRetry={() => void loadMore()} />
      )}
      {moreState.busy && <Loading label="Loading more" />}
      {full && !moreState.busy && (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => void loadMore()}>
            Show more
          </button>
        </div>
      )}
    </section>
  );
}
