// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC1056} from "./IERC1056.sol";

/// @title ERC1056Controlled
/// @notice Base for contracts whose writes on behalf of an identity are authorised by the ERC-1056 DID registry:
///         the identity's current owner, or a valid delegate of the delegate type the inheriting contract requires.
/// @dev The registry address is immutable, so the authorisation check costs no storage read in this contract; the
///      owner is checked before the delegate, so the common case (the owner acts) makes a single registry call.
abstract contract ERC1056Controlled {
    /// @dev The ERC-1056 registry consulted by {_requireController}.
    IERC1056 private immutable _didRegistry;

    /// @notice The caller is neither the current ERC-1056 owner of `identity` nor a valid delegate of the required type.
    /// @param identity The identity the caller tried to act for.
    /// @param caller The refused caller (`msg.sender`).
    error NotIdentityController(address identity, address caller);

    /// @notice Binds the contract to an ERC-1056 DID registry for its whole life.
    /// @param didRegistry_ The ERC-1056 `EthereumDIDRegistry` to consult.
    constructor(IERC1056 didRegistry_) {
        _didRegistry = didRegistry_;
    }

    /// @notice The ERC-1056 DID registry this contract authorises writes against.
    /// @return The registry address.
    function didRegistry() external view returns (address) {
        return address(_didRegistry);
    }

    /// @notice Reverts unless `msg.sender` controls `identity`.
    /// @dev Owner first, delegate second: the common case (the owner acts) makes a single registry call. That call is
    ///      hand-encoded in scratch space (no memory allocation), which saves ~230 gas on every write's hot path.
    /// @param identity The identity on whose behalf the caller acts.
    /// @param delegateType The ERC-1056 delegate type accepted besides the owner.
    /// @custom:error NotIdentityController when the caller is neither owner nor valid delegate.
    function _requireController(address identity, bytes32 delegateType) internal view {
        IERC1056 registry = _didRegistry;
        bytes4 selector = IERC1056.identityOwner.selector;
        bool isOwner;
        assembly ("memory-safe") {
            // calldata identityOwner(identity) in scratch space [0x00, 0x24); the 32-byte answer lands at 0x00
            mstore(0x00, selector)
            mstore(0x04, identity)
            if iszero(staticcall(gas(), registry, 0x00, 0x24, 0x00, 0x20)) {
                let free := mload(0x40)
                returndatacopy(free, 0x00, returndatasize())
                revert(free, returndatasize())
            }
            isOwner := and(gt(returndatasize(), 0x1f), eq(mload(0x00), caller()))
        }
        if (isOwner) return;
        if (registry.validDelegate(identity, delegateType, msg.sender)) return;
        revert NotIdentityController(identity, msg.sender);
    }
}
