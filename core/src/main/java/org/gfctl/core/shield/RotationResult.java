package org.gfctl.core.shield;

import java.nio.file.Path;
import java.util.List;
import org.gfctl.core.keyprotector.KpRecipient;

/**
 * What a key rotation did. Holds no secret.
 *
 * @param mode           {@code rewrap}, {@code new-secret} or {@code reencrypt}
 * @param keyslot        the keyslot the (new) unlock secret opens
 * @param wipedKeyslot   the keyslot wiped by {@code new-secret}, else -1
 * @param bytesRewritten payload bytes re-encrypted (0 unless {@code reencrypt})
 * @param resumed        whether an interrupted rotation was finished rather than a new one started
 */
public record RotationResult(String mode, String volumeUuid, Path image, Path keyProtector, List<KpRecipient> recipients,
        String signer, String merkleRoot, int keyslot, int wipedKeyslot, long bytesRewritten, boolean resumed,
        double seconds) {
    public RotationResult {
        recipients = List.copyOf(recipients);
    }

    public double megabytesPerSecond() {
        return seconds > 0 ? bytesRewritten / 1e6 / seconds : 0;
    }
}
