package org.gfctl.core.store;

import java.time.Duration;
import java.time.Instant;
import org.gfctl.core.AttestationFailedException;

/**
 * The {@code attestation_nonces} table: every nonce the guardian hands out is single-use and
 * short-lived, which is what makes a replayed quote fail.
 */
public final class AttestationNonces {
    /** How long a nonce stays valid: time enough for a quote, not for a stockpile. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);
    private final java.sql.Connection c;

    AttestationNonces(java.sql.Connection c) {
        this.c = c;
    }

    public void issue(String nonceHex, String hostName, Instant now) {
        Jdbc.update(c, "issuing a nonce", "INSERT INTO attestation_nonces (nonce, host_name, issued_at) VALUES (?, ?, ?)",
                nonceHex, hostName, now);
    }

    /**
     * Marks {@code nonceHex} used by {@code hostName}; fails (exit 3) if it was never issued to that
     * host, was already used, or expired.
     */
    public void consume(String nonceHex, String hostName, Instant now) {
        var issued = Jdbc.query(c, "checking a nonce", "SELECT host_name, issued_at, used_at FROM attestation_nonces WHERE nonce = ?",
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, nonceHex);
        if (issued.isEmpty() || !issued.get(0)[0].equals(hostName)) {
            throw new AttestationFailedException("nonce: expected a nonce the guardian issued to host " + hostName
                    + ", got one it never issued to it");
        }
        if (issued.get(0)[2] != null) {
            throw new AttestationFailedException("nonce: expected a fresh nonce, got one already used at " + issued.get(0)[2]
                    + " (replayed evidence)");
        }
        if (Instant.parse(issued.get(0)[1]).plus(LIFETIME).isBefore(now)) {
            throw new AttestationFailedException("nonce: expected one issued within " + LIFETIME.toMinutes()
                    + " minutes, got one issued at " + issued.get(0)[1]);
        }
        if (Jdbc.update(c, "using a nonce", "UPDATE attestation_nonces SET used_at = ? WHERE nonce = ? AND used_at IS NULL",
                now, nonceHex) != 1) {
            throw new AttestationFailedException("nonce: used concurrently by another attestation (replayed evidence)");
        }
    }
}
