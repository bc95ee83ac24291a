package org.gfctl.tpm.binding;

import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import org.gfctl.tpm.key.KeyBlob;
import org.gfctl.tpm.key.TpmPublic;
import org.gfctl.tpm.pcr.PcrSelection;

/**
 * A host's binding key as stored between processes: its blobs under the SRK and, when it has a
 * PCR policy, the PCRs that policy covers.
 *
 * <p>The binding key is the subject key of the host's health certificate (DESIGN.md, "Health
 * certificate"); the guardian wraps VM unlock secrets to it, and only this TPM can unwrap them,
 * with a PCR policy only while the PCRs hold the values they had at creation (Part 3 §23.7).
 */
public final class BindingKey {
    static final int USER_WITH_AUTH = 1 << 6;
    /** fixedTPM|fixedParent|sensitiveDataOrigin|decrypt (TPM 2.0 Part 2 §8.3). */
    private static final int REQUIRED = (1 << 1) | (1 << 4) | (1 << 5) | (1 << 17);
    private static final int RESTRICTED_OR_SIGN = (1 << 16) | (1 << 18);
    private final KeyBlob blob;
    private final PcrSelection policyPcrs;

    private BindingKey(KeyBlob blob, PcrSelection policyPcrs) {
        this.blob = blob;
        this.policyPcrs = policyPcrs;
    }

    /**
     * Wraps stored blobs; {@code policyPcrs} must be present exactly when the key has an authPolicy
     * (and then the key must not also accept its password for use).
     */
    public static BindingKey create(KeyBlob blob, Optional<PcrSelection> policyPcrs) {
        Objects.requireNonNull(blob, "blob");
        TpmPublic pub = blob.publicArea();
        if (!pub.isRsa() || (pub.attributes() & REQUIRED) != REQUIRED || (pub.attributes() & RESTRICTED_OR_SIGN) != 0) {
            throw new IllegalArgumentException(String.format("binding key: must be an RSA key with fixedTPM|fixedParent|"
                    + "sensitiveDataOrigin|decrypt and neither restricted nor sign; attributes are 0x%08x",
                    pub.attributes()));
        }
        boolean hasPolicy = pub.authPolicy().length > 0;
        if (hasPolicy != policyPcrs.isPresent()) {
            throw new IllegalArgumentException("binding key: " + (hasPolicy
                    ? "the key has an authPolicy, so the PCR selection of that policy is needed"
                    : "the key has no authPolicy, so it cannot have policy PCRs"));
        }
        if (hasPolicy && (pub.attributes() & USER_WITH_AUTH) != 0) {
            throw new IllegalArgumentException("binding key: a PCR-bound key must not have userWithAuth, or its empty "
                    + "password would bypass the PCR policy");
        }
        return new BindingKey(blob, policyPcrs.orElse(null));
    }

    public KeyBlob blob() {
        return blob;
    }

    public TpmPublic publicArea() {
        return blob.publicArea();
    }

    /** The PCRs whose values the key's policy requires, if it has a PCR policy. */
    public Optional<PcrSelection> policyPcrs() {
        return Optional.ofNullable(policyPcrs);
    }

    /** Whether the key's authPolicy equals {@code expectedPolicy} (constant time). */
    public boolean hasPolicy(byte[] expectedPolicy) {
        return MessageDigest.isEqual(blob.publicArea().authPolicy(), expectedPolicy);
    }
}
