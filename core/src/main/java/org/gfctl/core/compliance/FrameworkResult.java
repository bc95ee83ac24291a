package org.gfctl.core.compliance;

import java.util.List;
import org.gfctl.policy.compliance.Framework;

/** One framework's part of a report: every capability with its controls and finding, in catalogue order. */
public record FrameworkResult(Framework framework, List<CapabilityResult> capabilities) {

    public FrameworkResult {
        capabilities = List.copyOf(capabilities);
    }

    /** How many capabilities have {@code finding}. */
    public long count(Finding finding) {
        return capabilities.stream().filter(c -> c.assessment().finding() == finding).count();
    }
}
