package org.gfctl.core.audit;

import java.util.Locale;

/**
 * The role in which an audited command acted (DESIGN.md "Roles").
 *
 * <p>Recorded so that an auditor can show separation of duties (ISO 27001 A.6.1.2, NIST AC-5):
 * which principal acted as owner, guardian, host, auditor or fabric admin.
 */
public enum Role {
    OWNER, GUARDIAN, HOST, AUDITOR, ADMIN;

    /** The lowercase name stored in entries, e.g. {@code guardian}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code id} (lowercase, as stored). */
    public static Role of(String id) {
        for (Role r : values()) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("audit role must be owner, guardian, host, auditor or admin, not '" + id + "'");
    }
}
