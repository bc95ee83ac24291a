package org.gfctl.core.store;

import java.time.Instant;
import java.util.List;

/**
 * One shielded volume in the fabric inventory: what an auditor needs about it, never a key.
 *
 * @param signer who signed the key protector (subject and certificate fingerprint)
 * @param recipients the key protector's recipients (subject and fingerprint each)
 */
public record VolumeRecord(String uuid, String name, String imagePath, String cipher, int keyBits, long imageSize,
        String merkleRoot, String signer, List<String> recipients, String releasePolicy, Instant createdAt,
        Instant rotatedAt, Instant verifiedAt) {

    /** The certificate fingerprint at the end of a {@link #signer} or {@link #recipients} entry {@code "SUBJECT SHA256"}. */
    public static String fingerprintOf(String entry) {
        int space = entry.lastIndexOf(' ');
        return space < 0 ? entry : entry.substring(space + 1);
    }
}
