package org.gfctl.core.guardian;

import java.util.Optional;

/**
 * The guardian as hosts see it: enrollment, attestation and (later) key release.
 *
 * <p>Today's implementation runs in-process over the store and keys under {@code --home}
 * ({@link LocalGuardian}); a remote one (HTTPS with mutual TLS) will implement the same interface,
 * so host-side code never changes (DESIGN.md "The guardian is an interface").
 */
public interface Guardian {

    /** Validates the EK chain and answers with a credential challenge for the AK. */
    EnrollmentChallenge challengeEnrollment(EnrollmentRequest request);

    /**
     * Completes the enrollment if {@code activatedSecret} is the challenge's secret.
     *
     * @param baselinePolicy a policy document (YAML) to store and assign to the host, or empty
     */
    Enrolled completeEnrollment(String challengeId, byte[] activatedSecret, Optional<String> baselinePolicy);

    /** A fresh single-use nonce for {@code hostName}'s next attestation. */
    byte[] nonce(String hostName);

    /**
     * Verifies the evidence against the host's enrollment and the policy ({@code policyName}, else
     * the host's baseline) and issues a health certificate; throws (exit 3) with every failed
     * rule explained otherwise.
     */
    AttestationOutcome attest(AttestationEvidence evidence, Optional<String> policyName);

    /** The result of a completed enrollment. */
    record Enrolled(String hostName, String group, String ekPubDigest, String akName, String policyName) {}
}
