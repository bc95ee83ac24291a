package org.gfctl.policy.attestation;

import java.util.List;
import java.util.Objects;
import org.gfctl.policy.internal.Hex;

/**
 * The event-log part of an attestation policy.
 *
 * <p>PCR values alone say "something changed"; event-log rules say what: Secure Boot off, an
 * unknown boot loader, a forbidden event. HGS's TPM-mode policies make the same distinction
 * (code integrity policy, Secure Boot, boot applications).
 *
 * @param requireSecureBoot        the log must show the {@code SecureBoot} variable enabled, and never disabled
 * @param allowedBootApplications  SHA-256 digests of allowed {@code EV_EFI_BOOT_SERVICES_APPLICATION}
 *                                 events; empty means boot applications are not checked
 * @param forbiddenEvents          events that must not appear
 */
public record EventLogRules(boolean requireSecureBoot, List<String> allowedBootApplications,
        List<ForbiddenEvent> forbiddenEvents) {

    /** No event-log rules at all. */
    public static final EventLogRules NONE = new EventLogRules(false, List.of(), List.of());

    public EventLogRules {
        allowedBootApplications = allowedBootApplications.stream()
                .map(d -> Hex.require(d, 32, "boot application sha256 digest")).distinct().toList();
        forbiddenEvents = List.copyOf(Objects.requireNonNull(forbiddenEvents, "forbiddenEvents"));
    }
}
