package org.gfctl.core.compliance;

import java.util.List;

/**
 * One piece of evidence measured from the fabric: what was looked at, how, and a digest of it.
 *
 * <p>Shaped after an OSCAL observation so the OSCAL output is a translation, not a second
 * assessment: {@code TEST} when the report computed something from store rows, {@code EXAMINE}
 * when it inspected a configuration or document.
 *
 * @param key         stable identifier within a report, e.g. {@code volume-keys}
 * @param description plain words with numbers
 * @param subjects    the volumes, hosts and keys looked at
 * @param digest      SHA-256 (hex) of the rows measured, or a checkpoint root; null if none
 * @param digestOf    what {@code digest} covers
 */
public record Observation(String key, String title, Method method, String description, List<Subject> subjects,
        String digest, String digestOf) {

    /** How evidence was gathered (OSCAL observation methods). */
    public enum Method { TEST, EXAMINE }

    /**
     * Something an observation is about.
     *
     * @param type OSCAL subject type: {@code inventory-item} (volume, host) or {@code component} (guardian key)
     */
    public record Subject(String type, String id, String title) {}

    public Observation {
        subjects = List.copyOf(subjects);
    }
}
