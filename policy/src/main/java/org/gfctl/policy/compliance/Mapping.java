package org.gfctl.policy.compliance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * What one framework maps to one capability: its controls, or why none apply, and notes that
 * every report for the framework shows.
 *
 * @param notApplicable plain-words reason, when the framework has no control for the capability
 * @param notes         caveats an assessor must read (e.g. PCI DSS 4.0.1 requirement 3.5.1.2)
 */
public record Mapping(String capability, List<Control> controls, String notApplicable, List<String> notes) {

    public Mapping {
        controls = controls == null ? List.of() : List.copyOf(controls);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    @JsonCreator
    static Mapping read(@JsonProperty("capability") String capability, @JsonProperty("controls") List<Control> controls,
            @JsonProperty("notApplicable") String notApplicable, @JsonProperty("notes") List<String> notes) {
        return new Mapping(capability, controls, notApplicable, notes);
    }

    /** The reason no control applies, if the framework maps none. */
    public Optional<String> notApplicableReason() {
        return Optional.ofNullable(notApplicable);
    }
}
