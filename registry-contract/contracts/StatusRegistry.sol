// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC1056} from "./IERC1056.sol";
import {ERC1056Controlled} from "./ERC1056Controlled.sol";

/// @title StatusRegistry
/// @notice Revocation and suspension status lists of verifiable credentials. Each issuer identity (an ERC-1056
///         `did:ethr` address) owns lists `(issuer, listId)`; a credential points at `(issuer, listId, index)`.
///         Only list coordinates and bits are stored: never personal data.
/// @dev Bits are packed 256 to a storage word. Revocation words are stored inverted (`stored = ~bits`) and initialised
///      to all-ones when a list is created or extended, so a revocation is a non-zero to non-zero SSTORE. A stored
///      revocation word of zero means either "all 256 revoked" or "never initialised" (out of range); only then is the
///      capacity read. Suspension words are stored plainly and every suspension write checks the capacity.
///      Writers: the issuer's current ERC-1056 owner or its delegate of type {STATUS_WRITER_DELEGATE_TYPE}.
contract StatusRegistry is ERC1056Controlled {
    /// @notice Which of a list's two bitmaps a word or an event refers to.
    enum StatusPurpose {
        Revocation,
        Suspension
    }

    /// @dev One status list: its size and its two bitmaps over the same index space.
    struct StatusList {
        /// @dev Number of 256-bit words; capacity = wordCount * 256; 0 = the list does not exist.
        uint256 wordCount;
        /// @dev Revocation words, inverted: a 0 bit means revoked.
        mapping(uint256 word => uint256 invertedBits) revocation;
        /// @dev Suspension words, plain: a 1 bit means suspended.
        mapping(uint256 word => uint256 bits) suspension;
    }

    /// @notice ERC-1056 delegate type (besides the identity owner) allowed to write an issuer's lists.
    bytes32 public constant STATUS_WRITER_DELEGATE_TYPE = "StatusWriter";

    /// @notice Maximum number of words initialised by one `createList` / `extendList` call (131,072 slots).
    /// @dev 512 words cost ~11.4M gas, inside the EIP-7825 per-transaction cap of 16,777,216.
    uint32 public constant MAX_WORDS_PER_CALL = 512;

    /// @dev Status lists by issuer identity and list id.
    mapping(address issuer => mapping(uint64 listId => StatusList list)) private _lists;

    /// @notice A status list was created.
    /// @param issuer The issuer identity owning the list.
    /// @param listId The list id, unique per issuer.
    /// @param capacity Number of indices of the list (word count * 256).
    event StatusListCreated(address indexed issuer, uint64 indexed listId, uint256 capacity);

    /// @notice A status list was extended.
    /// @param issuer The issuer identity owning the list.
    /// @param listId The list id.
    /// @param previousCapacity Number of indices before the extension.
    /// @param newCapacity Number of indices after the extension.
    event StatusListExtended(address indexed issuer, uint64 indexed listId, uint256 previousCapacity, uint256 newCapacity);

    /// @notice Status bits of one word were set or cleared (one event per touched word).
    /// @dev Bit i of `mask` is index `fromIndex + i`; `toIndex` is the last index of the range. Single-index calls:
    ///      `fromIndex == toIndex == index`, `mask == 1`. Batch calls: `fromIndex = word * 256`, `toIndex = fromIndex + 255`.
    /// @param issuer The issuer identity owning the list.
    /// @param listId The list id.
    /// @param purpose The bitmap written (revocation or suspension).
    /// @param status The value written to the masked bits (true = revoked / suspended, false = reinstated).
    /// @param fromIndex The index of bit 0 of `mask`.
    /// @param toIndex The last index of the range covered by `mask`.
    /// @param mask The bits written.
    event StatusChanged(
        address indexed issuer,
        uint64 indexed listId,
        StatusPurpose indexed purpose,
        bool status,
        uint256 fromIndex,
        uint256 toIndex,
        uint256 mask
    );

    /// @notice The list already exists.
    /// @param issuer The issuer identity.
    /// @param listId The list id.
    error ListAlreadyExists(address issuer, uint64 listId);

    /// @notice The list does not exist.
    /// @param issuer The issuer identity.
    /// @param listId The list id.
    error ListNotFound(address issuer, uint64 listId);

    /// @notice A word count of 0 or above {MAX_WORDS_PER_CALL}.
    /// @param wordCount The refused word count.
    error InvalidWordCount(uint256 wordCount);

    /// @notice An index at or beyond the list's capacity.
    /// @param issuer The issuer identity.
    /// @param listId The list id.
    /// @param index The first offending index.
    /// @param capacity The list's capacity.
    error IndexOutOfRange(address issuer, uint64 listId, uint256 index, uint256 capacity);

    /// @notice A batch's word-index and mask arrays differ in length.
    /// @param wordIndices Length of the word-index array.
    /// @param masks Length of the mask array.
    error LengthMismatch(uint256 wordIndices, uint256 masks);

    /// @notice A batch without words.
    error EmptyBatch();

    /// @notice A batch entry whose mask selects no bit.
    /// @param wordIndex The word index of that entry.
    error EmptyMask(uint256 wordIndex);

    /// @notice Deploys the registry bound to an ERC-1056 DID registry.
    /// @param didRegistry_ The ERC-1056 `EthereumDIDRegistry` authorising writers.
    constructor(IERC1056 didRegistry_) ERC1056Controlled(didRegistry_) {}

    // ------------------------------------------------------------------------------------------------------------
    // List management
    // ------------------------------------------------------------------------------------------------------------

    /// @notice Creates the list `(issuer, listId)` with `wordCount * 256` indices, none revoked or suspended.
    /// @dev Pre-initialises every revocation word to all-ones (~22,100 gas per 256 slots).
    /// @param issuer The issuer identity that will own the list.
    /// @param listId The list id, unique per issuer.
    /// @param wordCount Number of 256-index words, 1 to {MAX_WORDS_PER_CALL}.
    /// @custom:error NotIdentityController, InvalidWordCount, ListAlreadyExists.
    function createList(address issuer, uint64 listId, uint32 wordCount) external {
        _requireController(issuer, STATUS_WRITER_DELEGATE_TYPE);
        if (wordCount == 0 || wordCount > MAX_WORDS_PER_CALL) revert InvalidWordCount(wordCount);
        StatusList storage list = _lists[issuer][listId];
        if (list.wordCount != 0) revert ListAlreadyExists(issuer, listId);
        list.wordCount = wordCount;
        _initialiseRevocationWords(list, 0, wordCount);
        emit StatusListCreated(issuer, listId, uint256(wordCount) << 8);
    }

    /// @notice Appends `additionalWords * 256` indices to an existing list.
    /// @param issuer The issuer identity owning the list.
    /// @param listId The list id.
    /// @param additionalWords Number of words to add, 1 to {MAX_WORDS_PER_CALL}.
    /// @custom:error NotIdentityController, InvalidWordCount, ListNotFound.
    function extendList(address issuer, uint64 listId, uint32 additionalWords) external {
        _requireController(issuer, STATUS_WRITER_DELEGATE_TYPE);
        if (additionalWords == 0 || additionalWords > MAX_WORDS_PER_CALL) revert InvalidWordCount(additionalWords);
        StatusList storage list = _lists[issuer][listId];
        uint256 previousWords = list.wordCount;
        if (previousWords == 0) revert ListNotFound(issuer, listId);
        uint256 newWords = previousWords + additionalWords;
        list.wordCount = newWords;
        _initialiseRevocationWords(list, previousWords, newWords);
        emit StatusListExtended(issuer, listId, previousWords << 8, newWords << 8);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Single-index writes
    // ------------------------------------------------------------------------------------------------------------

    /// @notice Permanently revokes the credential at `index` (idempotent).
    /// @dev Hot path: one storage read, one write, one DID-registry call; the capacity is read only when the stored
    ///      word is zero (fully revoked or out of range).
    /// @param issuer The issuer identity owning the list.
    /// @param listId The list id.
    /// @param index The credential's index in the list.
    /// @custom:error NotIdentityController, ListNotFound, IndexOutOfRange.
    function revoke(address issuer, uint64 listId, uint256 index) external {
        _requireController(issuer, STATUS_WRITER_DELEGATE_TYPE);
        StatusList storage list = _lists[issuer][listId];
        uint256 word = index >> 8;
        uint256 stored = list.revocation[word];
        if (stored == 0) {
            _requireInRange(list, issuer, listId, index);
        } else {
            list.revocation[word] = stored & ~(uint256(1) << (index & 255));
        }
        emit StatusChanged(issuer, listId, StatusPurpose.Revocation, true, index, index, 1);
    }

    /// @notice Suspends the credential at `index` (reversible with {reinstate}; idempotent).
    /// @param issuer The issuer identity owning the list.
    /// @param listId The list id.
    /// @param index The credential's index in the list.
    /// @custom:error NotIdentityController, ListNotFound, IndexOutOfRange.
    function suspend(address issuer, uint64 listId, uint256 index) external {
        _requireController(issuer, STATUS_WRITER_DELEGATE_TYPE);
        StatusList storage list = _lists[issuer][listId];
        _requireInRange(list, issuer, listId, index);
        uint256 word = index >> 8;
        list.suspension[word] |= uint256(1) << (index & 255);
        emit StatusChanged(issuer, listId, StatusPurpose.Suspension, true, index, index, 1);
    }

    /// @notice Lifts the suspension of the credential at `index` (idempotent; revocation is unaffected).
    /// @param issuer The issuer identity owning the list.
    /// @param listId The list id.
    /// @param index The credential's index in the list.
    /// @custom:error NotIdentityController, ListNotFound, IndexOutOfRange.
    function reinstate(address issuer, uint64 listId, uint256 index) external {
        _requireController(issuer, STATUS_WRITER_DELEGATE_TYPE);
        StatusList storage list = _lists[issuer][listId];
        _requireInRange(list, issuer, listId, index);
        uint256 word = index >> 8;
        list.suspension[word] &= ~(uint256(1) << (index & 255));
        emit StatusChanged(issuer, listId, StatusPurpose.Suspension, false, index, index, 1);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Batch writes (bit i of masks[k] is index wordIndices[k] * 256 + i)
    // ------------------------------------------------------------------------------------------------------------

    /// @notice Permanently revokes every index selected by the masks (idempotent per bit).
    /// @param issuer The issuer identity owning the list.
    /// @param listId The list id.
    /// @param wordIndices The words touched.
    /// @param masks For each word, the bits to revoke.
    /// @custom:error LengthMismatch, EmptyBatch, NotIdentityController, EmptyMask, ListNotFound, IndexOutOfRange.
    function revokeBatch(
        address issuer,
        uint64 listId,
        uint256[] calldata wordIndices,
        uint256[] calldata masks
    ) external {
        uint256 n = _checkBatchShape(wordIndices, masks);
        _requireController(issuer, STATUS_WRITER_DELEGATE_TYPE);
        StatusList storage list = _lists[issuer][listId];
        for (uint256 k; k < n; ) {
            uint256 word = wordIndices[k];
            uint256 mask = masks[k];
            if (mask == 0) revert EmptyMask(word);
            uint256 stored = list.revocation[word];
            if (stored == 0) {
                _requireWordInRange(list, issuer, listId, word, mask);
            } else {
                uint256 updated = stored & ~mask;
                if (updated != stored) list.revocation[word] = updated;
            }
            emit StatusChanged(issuer, listId, StatusPurpose.Revocation, true, word << 8, (word << 8) | 255, mask);
            unchecked {
                ++k;
            }
        }
    }

    /// @notice Suspends every index selected by the masks (idempotent per bit).
    /// @param issuer The issuer identity owning the list.
    /// @param listId The list id.
    /// @param wordIndices The words touched.
    /// @param masks For each word, the bits to suspend.
    /// @custom:error LengthMismatch, EmptyBatch, NotIdentityController, EmptyMask, ListNotFound, IndexOutOfRange.
    function suspendBatch(
        address issuer,
        uint64 listId,
        uint256[] calldata wordIndices,
        uint256[] calldata masks
    ) external {
        _writeSuspensionBatch(issuer, listId, wordIndices, masks, true);
    }

    /// @notice Lifts the suspension of every index selected by the masks (idempotent per bit).
    /// @param issuer The issuer identity owning the list.
    /// @param listId The list id.
    /// @param wordIndices The words touched.
    /// @param masks For each word, the bits to reinstate.
    /// @custom:error LengthMismatch, EmptyBatch, NotIdentityController, EmptyMask, ListNotFound, IndexOutOfRange.
    function reinstateBatch(
        address issuer,
        uint64 listId,
        uint256[] calldata wordIndices,
        uint256[] calldata masks
    ) external {
        _writeSuspensionBatch(issuer, listId, wordIndices, masks, false);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Reads
    // ------------------------------------------------------------------------------------------------------------

    /// @notice The status of the credential at `index`.
    /// @param issuer The issuer identity owning the list.
    /// @param listId The list id.
    /// @param index The credential's index in the list.
    /// @return revoked Whether the credential is revoked (permanent).
    /// @return suspended Whether the credential is currently suspended.
    /// @custom:error ListNotFound, IndexOutOfRange.
    function statusOf(
        address issuer,
        uint64 listId,
        uint256 index
    ) external view returns (bool revoked, bool suspended) {
        StatusList storage list = _lists[issuer][listId];
        _requireInRange(list, issuer, listId, index);
        uint256 word = index >> 8;
        uint256 bit = uint256(1) << (index & 255);
        revoked = list.revocation[word] & bit == 0;
        suspended = list.suspension[word] & bit != 0;
    }

    /// @notice The number of indices of a list.
    /// @param issuer The issuer identity owning the list.
    /// @param listId The list id.
    /// @return slots The list's capacity; 0 when the list does not exist.
    function capacity(address issuer, uint64 listId) external view returns (uint256 slots) {
        return _lists[issuer][listId].wordCount << 8;
    }

    /// @notice Raw words of one bitmap in logical form (1 = revoked / suspended), for verifier caches.
    /// @param issuer The issuer identity owning the list.
    /// @param listId The list id.
    /// @param purpose Which bitmap to read.
    /// @param fromWord The first word to read.
    /// @param count The number of words to read (0 returns an empty array).
    /// @return words The words `fromWord .. fromWord + count - 1`; bit i of `words[k]` is index `(fromWord + k) * 256 + i`.
    /// @custom:error ListNotFound, IndexOutOfRange (with the first index beyond the capacity).
    function statusWords(
        address issuer,
        uint64 listId,
        StatusPurpose purpose,
        uint256 fromWord,
        uint256 count
    ) external view returns (uint256[] memory words) {
        StatusList storage list = _lists[issuer][listId];
        uint256 wordCount = list.wordCount;
        if (wordCount == 0) revert ListNotFound(issuer, listId);
        if (fromWord > wordCount || count > wordCount - fromWord) {
            revert IndexOutOfRange(issuer, listId, _firstIndexOf(fromWord > wordCount ? fromWord : wordCount), wordCount << 8);
        }
        words = new uint256[](count);
        if (purpose == StatusPurpose.Revocation) {
            for (uint256 k; k < count; ) {
                words[k] = ~list.revocation[fromWord + k];
                unchecked {
                    ++k;
                }
            }
        } else {
            for (uint256 k; k < count; ) {
                words[k] = list.suspension[fromWord + k];
                unchecked {
                    ++k;
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internals
    // ------------------------------------------------------------------------------------------------------------

    /// @dev Sets revocation words `from .. to - 1` to all-ones (nothing revoked, inverted encoding).
    /// @param list The list being created or extended.
    /// @param from The first word to initialise.
    /// @param to One past the last word to initialise.
    function _initialiseRevocationWords(StatusList storage list, uint256 from, uint256 to) private {
        mapping(uint256 => uint256) storage revocation = list.revocation;
        // `to` is at most the previous word count plus MAX_WORDS_PER_CALL: the increment cannot overflow.
        unchecked {
            for (uint256 w = from; w < to; ++w) revocation[w] = type(uint256).max;
        }
    }

    /// @dev Reverts unless `index` lies within the list's capacity.
    /// @param list The list.
    /// @param issuer The issuer identity (for the error).
    /// @param listId The list id (for the error).
    /// @param index The index to check.
    function _requireInRange(StatusList storage list, address issuer, uint64 listId, uint256 index) private view {
        uint256 wordCount = list.wordCount;
        if (index >> 8 < wordCount) return;
        if (wordCount == 0) revert ListNotFound(issuer, listId);
        revert IndexOutOfRange(issuer, listId, index, wordCount << 8);
    }

    /// @dev Reverts unless `word` lies within the list's capacity; the error names the lowest index set in `mask`.
    /// @param list The list.
    /// @param issuer The issuer identity (for the error).
    /// @param listId The list id (for the error).
    /// @param word The word index to check.
    /// @param mask The (non-zero) mask written to that word.
    function _requireWordInRange(
        StatusList storage list,
        address issuer,
        uint64 listId,
        uint256 word,
        uint256 mask
    ) private view {
        uint256 wordCount = list.wordCount;
        if (word < wordCount) return;
        if (wordCount == 0) revert ListNotFound(issuer, listId);
        uint256 lowestBit;
        while ((mask >> lowestBit) & 1 == 0) {
            unchecked {
                ++lowestBit;
            }
        }
        uint256 first = _firstIndexOf(word);
        revert IndexOutOfRange(issuer, listId, first > type(uint256).max - lowestBit ? type(uint256).max : first + lowestBit, wordCount << 8);
    }

    /// @dev The first index of `word` (saturating at `type(uint256).max` for words beyond the index space).
    /// @param word The word index.
    /// @return The index `word * 256`, saturated.
    function _firstIndexOf(uint256 word) private pure returns (uint256) {
        return word > type(uint256).max >> 8 ? type(uint256).max : word << 8;
    }

    /// @dev Validates the shape of a batch.
    /// @param wordIndices The word indices.
    /// @param masks The masks.
    /// @return n The number of entries.
    function _checkBatchShape(uint256[] calldata wordIndices, uint256[] calldata masks) private pure returns (uint256 n) {
        n = wordIndices.length;
        if (n != masks.length) revert LengthMismatch(n, masks.length);
        if (n == 0) revert EmptyBatch();
    }

    /// @dev Shared body of {suspendBatch} and {reinstateBatch}.
    /// @param issuer The issuer identity owning the list.
    /// @param listId The list id.
    /// @param wordIndices The words touched.
    /// @param masks For each word, the bits to write.
    /// @param status True to suspend, false to reinstate.
    function _writeSuspensionBatch(
        address issuer,
        uint64 listId,
        uint256[] calldata wordIndices,
        uint256[] calldata masks,
        bool status
    ) private {
        uint256 n = _checkBatchShape(wordIndices, masks);
        _requireController(issuer, STATUS_WRITER_DELEGATE_TYPE);
        StatusList storage list = _lists[issuer][listId];
        for (uint256 k; k < n; ) {
            uint256 word = wordIndices[k];
            uint256 mask = masks[k];
            if (mask == 0) revert EmptyMask(word);
            _requireWordInRange(list, issuer, listId, word, mask);
            uint256 stored = list.suspension[word];
            uint256 updated = status ? stored | mask : stored & ~mask;
            if (updated != stored) list.suspension[word] = updated;
            emit StatusChanged(issuer, listId, StatusPurpose.Suspension, status, word << 8, (word << 8) | 255, mask);
            unchecked {
                ++k;
            }
        }
    }
}
