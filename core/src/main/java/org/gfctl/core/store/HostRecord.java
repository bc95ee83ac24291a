package org.gfctl.core.store;

import java.time.Instant;

/**
 * An enrolled host: its TPM identity (EK public digest, certificate), its attestation key, group
 * and the attestation policy used when {@code attest} names none.
 *
 * @param akPublic the AK's TPM2B_PUBLIC bytes
 * @param akName   hex of the AK's TPM name (nameAlg ‖ digest)
 */
public record HostRecord(String name, String group, String ekPubDigest, byte[] ekCertificate, byte[] akPublic,
        String akName, String policyName, Instant enrolledAt, Instant removedAt) {

    public boolean active() {
        return removedAt == null;
    }
}
