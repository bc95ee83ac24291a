package org.gfctl.core.audit;

import java.security.cert.X509Certificate;
import java.util.Objects;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.merkle.InclusionProof;
import org.gfctl.core.merkle.MerkleHash;

/**
 * Checks an {@link EntryProof} offline with only the guardian's audit certificate: the checkpoint
 * signature, the audit path from the entry's leaf hash to the signed root, and that the entry is
 * the one at the proven index.
 *
 * <p>Verification follows RFC 9162 §2.1.3.2 via {@link InclusionProof#verify}, which also rejects a
 * path of the wrong length for the index and size. Any mismatch is an {@link IntegrityException}
 * (exit 4).
 */
public final class ProofChecker {
    private final X509Certificate certificate;

    private ProofChecker(X509Certificate certificate) {
        this.certificate = certificate;
    }

    /** A checker trusting only {@code auditCertificate}. */
    public static ProofChecker trusting(X509Certificate auditCertificate) {
        return new ProofChecker(Objects.requireNonNull(auditCertificate, "auditCertificate"));
    }

    /**
     * Checks {@code proof}.
     *
     * @return the proven entry, decoded from the bytes that were checked
     * @throws IntegrityException naming the first check that failed
     */
    public AuditEntry check(EntryProof proof) {
        Checkpoint k = proof.checkpoint();
        String fingerprint = Certificates.fingerprint(certificate);
        if (!k.signer().equals(fingerprint)) {
            throw fail("its checkpoint was signed by key " + k.signer() + ", not this audit certificate (" + fingerprint
                    + ")");
        }
        if (!k.signedBy(certificate)) {
            throw fail("the signature of checkpoint " + k.number() + " does not verify with the audit certificate");
        }
        if (k.treeSize() != proof.treeSize()) {
            throw fail("it is for a tree of " + proof.treeSize() + " entries, but checkpoint " + k.number() + " signed "
                    + k.treeSize());
        }
        AuditEntry entry;
        try {
            entry = AuditEntry.decode(proof.entryBytes());
        } catch (InvalidFormatException e) {
            throw fail(e.getMessage());
        }
        if (entry.seq() != proof.leafIndex()) {
            throw fail("the entry is number " + entry.seq() + " but the proof is for leaf " + proof.leafIndex());
        }
        if (!EntryProof.fields(entry).equals(normalize(proof))) {
            throw fail("its readable 'entry' member does not match the entry bytes that are proven");
        }
        try {
            InclusionProof.create(proof.leafIndex(), proof.treeSize(), proof.path())
                    .verify(MerkleHash.leaf(proof.entryBytes()), k.root());
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
        return entry;
    }

    private static java.util.Map<String, Object> normalize(EntryProof proof) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(proof.shown());
        m.computeIfPresent("seq", (key, v) -> v instanceof Number n ? n.longValue() : v);
        return m;
    }

    private static IntegrityException fail(String why) {
        return new IntegrityException("audit inclusion proof does not verify: " + why);
    }
}
