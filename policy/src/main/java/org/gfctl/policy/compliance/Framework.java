package org.gfctl.policy.compliance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * A compliance framework (ISO/IEC 27001, PCI DSS, NIST SP 800-53, FedRAMP) and its mapping of
 * every capability.
 *
 * @param id              the name used on the command line, e.g. {@code pci-dss-4.0}
 * @param controlIdPrefix prefixed to control identifiers that start with a digit to make OSCAL tokens
 */
public record Framework(String id, String title, String controlIdPrefix, List<Mapping> mappings) {

    public Framework {
        controlIdPrefix = controlIdPrefix == null ? "" : controlIdPrefix;
        mappings = mappings == null ? List.of() : List.copyOf(mappings);
    }

    @JsonCreator
    static Framework read(@JsonProperty("id") String id, @JsonProperty("title") String title,
            @JsonProperty("controlIdPrefix") String controlIdPrefix, @JsonProperty("mappings") List<Mapping> mappings) {
        return new Framework(id, title, controlIdPrefix, mappings);
    }

    /** The mapping of capability {@code capabilityId}, if the framework has one. */
    public Optional<Mapping> mapping(String capabilityId) {
        return mappings.stream().filter(m -> m.capability().equals(capabilityId)).findFirst();
    }

    /** {@code control}'s identifier as an OSCAL token in this framework. */
    public String oscalId(Control control) {
        return control.oscalId(controlIdPrefix);
    }
}
