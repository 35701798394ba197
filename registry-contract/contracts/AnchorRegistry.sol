// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC1056} from "./IERC1056.sol";
import {ERC1056Controlled} from "./ERC1056Controlled.sol";

/// @title AnchorRegistry
/// @notice Anchors of issued credentials: at each status flush an issuer commits ONE Merkle root over the hashes of
///         the credentials it issued since its previous anchor, in one transaction. A verifier takes the anchor
///         block's timestamp as the credential's time of reference. Only the issuer identity, the root and a count go
///         on-chain: never personal data.
/// @dev Event-only by design: the {CredentialsAnchored} event IS the record and nothing is stored, because a storage
///      write to a new key (22,100 gas) alone would break the 50,000-gas bar of an anchor. Verifiers find an anchor
///      with `eth_getLogs` on exactly the block the proof names, filtered by the indexed issuer and root.
///      Writers: the issuer's current ERC-1056 owner or its delegate of type {ANCHOR_WRITER_DELEGATE_TYPE}.
contract AnchorRegistry is ERC1056Controlled {
    /// @notice ERC-1056 delegate type (besides the identity owner) allowed to anchor for an issuer: the same type as
    ///         status writes, so the key that flushes statuses also anchors.
    bytes32 public constant ANCHOR_WRITER_DELEGATE_TYPE = "StatusWriter";

    /// @notice An issuer anchored the Merkle root of a batch of credentials it issued.
    /// @param issuer The issuer identity (ERC-1056 address) the credentials were issued by.
    /// @param root The Merkle root over the hashes of the anchored credentials.
    /// @param credentialCount The number of credentials under `root`.
    event CredentialsAnchored(address indexed issuer, bytes32 indexed root, uint256 credentialCount);

    /// @notice The root is zero (no Merkle tree has a zero root).
    error EmptyRoot();

    /// @notice The anchor covers no credential (`credentialCount == 0`).
    error EmptyAnchor();

    /// @notice Deploys the registry bound to an ERC-1056 DID registry.
    /// @param didRegistry_ The ERC-1056 `EthereumDIDRegistry` authorising writers.
    constructor(IERC1056 didRegistry_) ERC1056Controlled(didRegistry_) {}

    /// @notice Anchors `root`, the Merkle root over the hashes of `credentialCount` credentials issued by `issuer`.
    /// @dev One event, no storage: ~30,000 gas in total whatever the count. The same root may be anchored again (a
    ///      retried flush); each anchor is its own log, and the verifier trusts only the block its proof names.
    /// @param issuer The issuer identity (the caller must be its ERC-1056 owner or a valid `StatusWriter` delegate).
    /// @param root The Merkle root; never zero.
    /// @param credentialCount The number of credentials (leaves) under `root`; at least 1.
    /// @custom:error EmptyRoot, EmptyAnchor, NotIdentityController.
    function anchor(address issuer, bytes32 root, uint256 credentialCount) external {
        if (root == bytes32(0)) revert EmptyRoot();
        if (credentialCount == 0) revert EmptyAnchor();
        _requireController(issuer, ANCHOR_WRITER_DELEGATE_TYPE);
        emit CredentialsAnchored(issuer, root, credentialCount);
    }
}
