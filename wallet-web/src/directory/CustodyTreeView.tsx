import { formatClaim, shortDid } from '../lib/credential-view.ts';
import { edgeResult, quantityText } from '../lib/directory-batch.ts';
import { profilePath } from '../lib/directory-location.ts';
import type { CustodyEdge, CustodyTree } from '../lib/directory-types.ts';
import { DirectoryLink } from './DirectoryLink.tsx';

/** Props of {@link CustodyTreeView}. */
export interface CustodyTreeViewProps {
  tree: CustodyTree;
  /** The batch's unit (e.g. `vial`). */
  unit?: string;
  /** Names the page knows, by DID. */
  names: ReadonlyMap<string, string>;
}

function Party({ did, names }: { did: string; names: ReadonlyMap<string, string> }) {
  const name = names.get(did);
  if (did === '') return <span>an unnamed receiver</span>;
  // Listed parties (named) link to their profile; others show their identifier.
  return name !== undefined ? (
    <DirectoryLink to={profilePath(did)}>{name}</DirectoryLink>
  ) : (
    <span className="mono" title={did}>
      {shortDid(did)}
    </span>
  );
}

function EdgeItem({
  edge,
  unit,
  names,
}: {
  edge: CustodyEdge;
  unit?: string;
  names: ReadonlyMap<string, string>;
}) {
  const result = edgeResult(edge);
  return (
    <li className={`custody-edge edge-${result.tone}${result.diverted ? ' edge-diverted' : ''}`}>
      <p className="custody-move">
        <Party did={edge.from} names={names} /> <span aria-hidden="true">→</span>
        <span className="visually-hidden"> handed over to </span> <Party did={edge.to} names={names} />
      </p>
      <p className="hint">
        {quantityText(edge.quantity, unit)}
        {edge.transferDate !== null && (
          <>
            {' · '}
            <time dateTime={edge.transferDate}>{formatClaim(edge.transferDate)}</time>
          </>
        )}
      </p>
      <p className="edge-result">
        <span aria-hidden="true">{result.tone === 'good' ? '✓ ' : result.tone === 'bad' ? '✕ ' : '… '}</span>
        {result.text}
      </p>
      {result.diverted && (
        <p className="diversion-flag">
          <strong>Possible diverted stock</strong> (QUANTITY_EXCEEDED): more left this party than it received.
        </p>
      )}
      {edge.children.length > 0 && (
        <ul className="custody-tree">
          {edge.children.map((child) => (
            <EdgeItem key={child.transferId} edge={child} unit={unit} names={names} />
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * The provenance tree of a batch: the manufacturer at the top, each custody transfer (sender → receiver, quantity,
 * date) with its check result beneath the one it continues; transfers that follow nothing published listed apart.
 * @param props - the tree, the unit and known names.
 */
export function CustodyTreeView({ tree, unit, names }: CustodyTreeViewProps) {
  return (
    <div className="custody">
      <p className="custody-root">
        <Party did={tree.root} names={names} /> (manufacturer) made {quantityText(tree.quantity, unit)}.
      </p>
      {tree.children.length === 0 ? (
        <p className="empty">No hand-off of this batch is published yet.</p>
      ) : (
        <ul className="custody-tree" aria-label="Custody transfers">
          {tree.children.map((edge) => (
            <EdgeItem key={edge.transferId} edge={edge} unit={unit} names={names} />
          ))}
        </ul>
      )}
      {tree.unlinked.length > 0 && (
        <>
          <h3>Hand-offs that follow no published hand-off</h3>
          <ul className="custody-tree" aria-label="Unlinked custody transfers">
            {tree.unlinked.map((edge) => (
              <EdgeItem key={edge.transferId} edge={edge} unit={unit} names={names} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
