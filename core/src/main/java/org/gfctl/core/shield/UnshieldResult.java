package org.gfctl.core.shield;

import java.nio.file.Path;

/**
 * What {@code unshield} produced.
 *
 * @param integrityChecked whether a signed manifest covered every chunk (false for foreign images
 *     opened by passphrase without a key protector)
 * @param signer who signed the key protector, or null without one
 */
public record UnshieldResult(String volumeUuid, Path output, long size, long allocatedChunks, long sparseChunks,
        int keyslot, boolean integrityChecked, String signer, double seconds, String cipher, int keyBits,
        long shieldedSize, String merkleRoot) {

    public double megabytesPerSecond() {
        return seconds <= 0 ? 0 : size / 1e6 / seconds;
    }
}
