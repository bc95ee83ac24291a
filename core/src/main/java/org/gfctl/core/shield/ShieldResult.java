package org.gfctl.core.shield;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.gfctl.core.keyprotector.KpRecipient;

/** What {@code shield-vm} produced; no secret. */
public record ShieldResult(UUID volumeUuid, String name, Path image, Path keyProtector, String cipher, int keyBits,
        long imageSize, long shieldedSize, long payloadOffset, int chunks, String merkleRoot, String signer,
        List<KpRecipient> recipients, String releasePolicy, double seconds) {

    /** Payload throughput in MB/s (10^6 bytes per second). */
    public double megabytesPerSecond() {
        return seconds <= 0 ? 0 : imageSize / 1e6 / seconds;
    }
}
