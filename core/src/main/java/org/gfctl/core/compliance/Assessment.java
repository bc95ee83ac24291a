package org.gfctl.core.compliance;

import java.util.List;

/**
 * What the rules concluded for one capability: finding, its reason in plain words, and the evidence.
 *
 * <p>Independent of any framework: the same measurement backs every framework's controls.
 */
public record Assessment(String capability, Finding finding, String reason, List<Observation> observations) {

    public Assessment {
        observations = List.copyOf(observations);
    }
}
