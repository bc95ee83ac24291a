package org.gfctl.policy.release;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.gfctl.policy.internal.Hex;

/**
 * What a release policy knows about a shielded volume: its name, its owner's certificate
 * fingerprint (lower-case hex SHA-256 of the DER certificate) and its labels.
 */
public record Volume(String name, String ownerFingerprint, Map<String, String> labels) {

    public Volume {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("volume name must not be empty");
        }
        ownerFingerprint = Hex.require(Objects.requireNonNull(ownerFingerprint, "ownerFingerprint"), 32,
                "owner certificate sha256 fingerprint");
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    public static Volume of(String name, String ownerFingerprint) {
        return new Volume(name, ownerFingerprint, Map.of());
    }
}
