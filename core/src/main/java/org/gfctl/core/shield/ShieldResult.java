package org.gfctl.core.shield;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.gfctl.core.keyprotector.KpRecipient;
import org.gfctl.core.store.VolumeRecord;

/** What {@code shield-vm} produced; no secret. */
public record ShieldResult(UUID volumeUuid, String name, Path image, Path keyProtector, String cipher, int keyBits,
        long imageSize, long shieldedSize, long payloadOffset, int chunks, String merkleRoot, String signer,
        List<KpRecipient> recipients, String releasePolicy, double seconds) {

    /** This volume's inventory record, created at {@code createdAt}; {@code verifiedAt} may be null. */
    public VolumeRecord inventoryRecord(Instant createdAt, Instant verifiedAt) {
        return new VolumeRecord(volumeUuid.toString(), name, image.toString(), cipher, keyBits, imageSize, merkleRoot,
                signer, recipients.stream().map(x -> x.subject() + " " + x.sha256()).toList(), releasePolicy, createdAt,
                null, verifiedAt);
    }

    /** Payload throughput in MB/s (10^6 bytes per second). */
    public double megabytesPerSecond() {
        return seconds <= 0 ? 0 : imageSize / 1e6 / seconds;
    }
}
