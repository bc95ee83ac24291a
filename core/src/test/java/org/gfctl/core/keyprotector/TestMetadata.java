package org.gfctl.core.keyprotector;

import java.time.Instant;
import java.util.UUID;
import org.gfctl.core.merkle.MerkleHash;

/** A plausible metadata value for tests: a 3 MiB payload in three 1 MiB chunks. */
final class TestMetadata {
    static final UUID VOLUME = UUID.fromString("6f1d3c2e-8a55-4b0e-9a57-2f1f4a0d9b11");
    static final String VOLUME_NAME = "web-frontend-01";

    private TestMetadata() {}

    static KpMetadata create() {
        byte[] leaves = new byte[3 * MerkleHash.SIZE];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(MerkleHash.leaf(new byte[] {(byte) i}), 0, leaves, i * MerkleHash.SIZE, MerkleHash.SIZE);
        }
        return KpMetadata.create(VOLUME, VOLUME_NAME, "a".repeat(64), 4096, 4096 + (3 << 20), "default",
                Instant.parse("2026-01-02T03:04:05.678Z"),
                IntegrityManifest.create(IntegrityManifest.DEFAULT_CHUNK_SIZE, leaves));
    }
}
