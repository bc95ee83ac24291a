package org.gfctl.policy.release;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.gfctl.policy.internal.Glob;
import org.gfctl.policy.internal.Hex;

/**
 * Which volumes a release rule covers. A volume matches when it satisfies every criterion given:
 * its name matches one of {@code names} (globs), its owner is one of {@code owners}
 * (certificate SHA-256 fingerprints), and it carries every label in {@code labels} with that value.
 *
 * <p>At least one criterion is required, so that "all volumes" is spelt out ({@code names: ["*"]})
 * rather than being what an empty rule silently means.
 */
public record VolumeMatch(List<String> names, List<String> owners, Map<String, String> labels) {

    public VolumeMatch {
        names = List.copyOf(names);
        names.forEach(n -> {
            if (n.isEmpty()) {
                throw new IllegalArgumentException("volume name pattern must not be empty");
            }
        });
        owners = owners.stream().map(o -> Hex.require(o, 32, "owner certificate sha256 fingerprint")).toList();
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        if (names.isEmpty() && owners.isEmpty() && labels.isEmpty()) {
            throw new IllegalArgumentException("volumes: name at least one of names, owners, labels "
                    + "(use names: [\"*\"] for every volume)");
        }
    }

    /** Why {@code volume} does not match, or empty if it does. */
    public Optional<String> mismatch(Volume volume) {
        List<String> why = new ArrayList<>();
        if (!names.isEmpty() && names.stream().noneMatch(p -> Glob.matches(p, volume.name()))) {
            why.add("name " + volume.name() + " matches none of " + names);
        }
        if (!owners.isEmpty() && !owners.contains(volume.ownerFingerprint())) {
            why.add("owner " + volume.ownerFingerprint() + " is not one of " + owners);
        }
        labels.forEach((k, v) -> {
            String actual = volume.labels().get(k);
            if (!v.equals(actual)) {
                why.add("label " + k + "=" + v + " wanted, volume has " + (actual == null ? "no " + k : k + "=" + actual));
            }
        });
        return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
    }
}
