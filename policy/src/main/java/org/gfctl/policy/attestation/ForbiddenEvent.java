package org.gfctl.policy.attestation;

import java.util.Objects;
import java.util.Optional;
import org.gfctl.policy.internal.Hex;

/**
 * An event that must not appear in a host's event log: any event of a type, or only one with a
 * given SHA-256 digest (e.g. a known-vulnerable boot loader).
 */
public record ForbiddenEvent(String type, Optional<String> sha256) {

    public ForbiddenEvent {
        Objects.requireNonNull(type, "type");
        if (!AttestationPolicy.isEventTypeName(type)) {
            throw new IllegalArgumentException("event type must be a TCG name such as EV_EFI_ACTION, not \"" + type + "\"");
        }
        sha256 = Objects.requireNonNull(sha256, "sha256").map(d -> Hex.require(d, 32, "event sha256 digest"));
    }

    public static ForbiddenEvent type(String type) {
        return new ForbiddenEvent(type, Optional.empty());
    }

    public static ForbiddenEvent withDigest(String type, String sha256) {
        return new ForbiddenEvent(type, Optional.of(sha256));
    }

    public boolean matches(EventFact fact) {
        return fact.type().equals(type) && sha256.map(fact.sha256()::equals).orElse(true);
    }

    /** {@code EV_IPL} or {@code EV_IPL with digest ab12…}, for explanations. */
    public String describe() {
        return sha256.map(d -> type + " with digest " + d).orElse(type);
    }
}
