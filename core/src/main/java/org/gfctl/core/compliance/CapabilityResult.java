package org.gfctl.core.compliance;

import java.util.List;
import org.gfctl.policy.compliance.Capability;
import org.gfctl.policy.compliance.Control;

/**
 * One capability in one framework's report: its controls, the assessment and the framework's notes.
 *
 * @param notMapped why the framework maps no control to this capability, or null
 */
public record CapabilityResult(Capability capability, List<Control> controls, String notMapped, List<String> notes,
        Assessment assessment) {

    public CapabilityResult {
        controls = List.copyOf(controls);
        notes = List.copyOf(notes);
    }
}
