package org.gfctl.core.store;

import java.time.Instant;

/**
 * One attestation with its evidence, kept so that it can be re-verified later (durable
 * attestation, as Keylime does).
 *
 * @param evidence the serialized evidence (quote, signature, PCRs, event log, binding key, certify)
 * @param explanation every rule evaluated, one per line, with expected and actual values
 */
public record AttestationRecord(long id, String hostName, String nonceHex, String verdict, String policyName,
        String policyDigest, byte[] evidence, String explanation, Instant createdAt) {

    public boolean passed() {
        return "pass".equals(verdict);
    }
}
