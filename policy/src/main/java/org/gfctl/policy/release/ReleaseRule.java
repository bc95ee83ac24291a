package org.gfctl.policy.release;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gfctl.policy.Metadata;
import org.gfctl.policy.internal.Glob;

/**
 * One rule of a release policy: hosts in {@code hostGroups} (globs) may receive the keys of the
 * volumes {@code volumes} matches.
 *
 * @param name an optional DNS-label-like name, used in explanations
 */
public record ReleaseRule(Optional<String> name, List<String> hostGroups, VolumeMatch volumes) {

    public ReleaseRule {
        Objects.requireNonNull(name, "name").ifPresent(n -> {
            String problem = Metadata.nameProblem(n);
            if (problem != null) {
                throw new IllegalArgumentException("rule name " + problem);
            }
        });
        hostGroups = List.copyOf(hostGroups);
        if (hostGroups.isEmpty() || hostGroups.contains("")) {
            throw new IllegalArgumentException("hostGroups: name at least one host group (globs allowed), none empty");
        }
        Objects.requireNonNull(volumes, "volumes");
    }

    /** Why this rule does not release {@code volume} to {@code hostGroup}, or empty if it does. */
    public Optional<String> mismatch(String hostGroup, Volume volume) {
        if (hostGroups.stream().noneMatch(g -> Glob.matches(g, hostGroup))) {
            return Optional.of("host group " + hostGroup + " matches none of " + hostGroups);
        }
        return volumes.mismatch(volume);
    }
}
