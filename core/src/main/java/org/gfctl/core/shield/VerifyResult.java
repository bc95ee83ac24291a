package org.gfctl.core.shield;

import java.util.List;

/**
 * The outcome of {@code verify}: intact, or the damaged chunks by byte offset (first one first).
 *
 * @param damagedOffsets byte offsets (in the image file) of the first damaged chunks, at most 20
 */
public record VerifyResult(String volumeUuid, String name, String signer, int chunks, String merkleRoot,
        boolean intact, long damagedChunks, List<Long> damagedOffsets, String problem, double seconds,
        String cipher, int keyBits, long imageSize, long payloadOffset) {

    /** Payload bytes checked per second, in MB/s (10^6). */
    public double megabytesPerSecond() {
        return seconds <= 0 ? 0 : (imageSize - payloadOffset) / 1e6 / seconds;
    }
}
