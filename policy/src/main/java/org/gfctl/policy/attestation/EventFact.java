package org.gfctl.policy.attestation;

import java.util.Objects;
import java.util.Optional;
import org.gfctl.policy.internal.Hex;

/**
 * What a policy needs to know about one event of a replayed TCG event log.
 *
 * <p>Deliberately minimal so that the policy module does not depend on the TPM module: the caller
 * adapts its parsed log ({@code org.gfctl.tpm.eventlog.EventLog}) to a list of these.
 *
 * @param type       the event type's name in the TCG PC Client PFP spec, e.g. {@code EV_SEPARATOR}
 * @param pcr        the PCR the event extended (0..23)
 * @param sha256     lower-case hex SHA-256 digest of the event (its SHA-256 digest entry)
 * @param secureBoot for the {@code SecureBoot} UEFI variable event, whether it was enabled;
 *                   empty for every other event
 */
public record EventFact(String type, int pcr, String sha256, Optional<Boolean> secureBoot) {

    /** The event type of UEFI boot loaders and other boot-services applications. */
    public static final String BOOT_APPLICATION = "EV_EFI_BOOT_SERVICES_APPLICATION";

    public EventFact {
        Objects.requireNonNull(type, "type");
        if (!AttestationPolicy.isEventTypeName(type)) {
            throw new IllegalArgumentException("event type must be a TCG name such as EV_SEPARATOR, not \"" + type + "\"");
        }
        AttestationPolicy.requirePcrIndex(pcr);
        sha256 = Hex.require(Objects.requireNonNull(sha256, "sha256"), 32, "event sha256 digest");
        Objects.requireNonNull(secureBoot, "secureBoot");
    }

    public static EventFact of(String type, int pcr, String sha256) {
        return new EventFact(type, pcr, sha256, Optional.empty());
    }

    /** The measurement of the {@code SecureBoot} variable (usually {@code EV_EFI_VARIABLE_DRIVER_CONFIG}, PCR 7). */
    public static EventFact secureBoot(String type, int pcr, String sha256, boolean enabled) {
        return new EventFact(type, pcr, sha256, Optional.of(enabled));
    }
}
