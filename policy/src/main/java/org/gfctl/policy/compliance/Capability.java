package org.gfctl.policy.compliance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One security capability a guarded fabric provides, with the evidence it can show for it.
 *
 * <p>The five of the Shielded VM white paper, plus supplementary ones (key management) that
 * auditors ask for alongside them.
 *
 * @param supplementary not one of the white paper's five capabilities
 */
public record Capability(String id, String title, String evidence, boolean supplementary) {

    @JsonCreator
    static Capability read(@JsonProperty("id") String id, @JsonProperty("title") String title,
            @JsonProperty("evidence") String evidence, @JsonProperty("supplementary") Boolean supplementary) {
        return new Capability(id, title, evidence, supplementary != null && supplementary);
    }
}
