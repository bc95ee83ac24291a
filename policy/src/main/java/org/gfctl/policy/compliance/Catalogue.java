package org.gfctl.policy.compliance;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The compliance catalogue: capabilities, and per framework the controls mapped to each.
 *
 * <p>Data, not code (DESIGN.md "Compliance"): the mapping lives in
 * {@code compliance/catalogue.yaml}, read by {@link CatalogueLoader}, which checks that every
 * framework maps every capability. Its {@link Thresholds} (cryptoperiod, verification window)
 * are set there too.
 */
public record Catalogue(Thresholds thresholds, List<Capability> capabilities, List<Framework> frameworks) {

    /** The name that selects every framework at once. */
    public static final String ALL = "all";

    public Catalogue {
        capabilities = List.copyOf(capabilities);
        frameworks = List.copyOf(frameworks);
    }

    public Optional<Framework> framework(String id) {
        return frameworks.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    /**
     * The frameworks {@code name} selects: one by its id, or every one for {@value #ALL}.
     *
     * @throws IllegalArgumentException naming the known frameworks if there is no such one
     */
    public List<Framework> select(String name) {
        if (ALL.equals(name)) {
            return frameworks;
        }
        return framework(name).map(List::of).orElseThrow(() -> new IllegalArgumentException("unknown framework '" + name
                + "': use one of " + frameworks.stream().map(Framework::id).collect(Collectors.joining(", ")) + " or "
                + ALL));
    }
}
