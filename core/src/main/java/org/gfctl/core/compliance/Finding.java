package org.gfctl.core.compliance;

/**
 * The verdict on one capability.
 *
 * <p>OSCAL knows only {@code satisfied} and {@code not-satisfied} target states; not applicable
 * is reported in words and produces no OSCAL finding.
 */
public enum Finding {
    SATISFIED("satisfied"), NOT_SATISFIED("not satisfied"), NOT_APPLICABLE("not applicable");

    private final String words;

    Finding(String words) {
        this.words = words;
    }

    /** How the finding reads in a report: {@code not satisfied}. */
    public String words() {
        return words;
    }

    /** The OSCAL objective-status state, for a finding that has one. */
    public String oscalState() {
        return this == SATISFIED ? "satisfied" : "not-satisfied";
    }
}
