package org.gfctl.core.guardian;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.gfctl.core.AttestationFailedException;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.store.EnrollmentChallenges;
import org.gfctl.core.store.FabricStore;
import org.gfctl.core.store.HostRecord;
import org.gfctl.tpm.TpmException;
import org.gfctl.tpm.identity.CredentialChallenge;
import org.gfctl.tpm.identity.EkIdentity;
import org.gfctl.tpm.key.TpmPublic;

/**
 * The in-process guardian: enrollment and attestation over the fabric's store and keys, on the
 * guardian's own machine.
 *
 * <p>Enrollment follows HGS's TPM-trusted mode: the EK certificate must chain to a trusted TPM
 * vendor CA, and the AK must prove by credential activation that it lives in that same TPM.
 */
public final class LocalGuardian implements Guardian {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(10);
    private static final int RESTRICTED_SIGNING = 0x10000 | 0x40000 | 0x2 | 0x10 | 0x20;
    private final Fabric fabric;
    private final FabricStore store;

    public LocalGuardian(Fabric fabric) {
        this.fabric = fabric;
        this.store = fabric.store();
    }

    @Override
    public EnrollmentChallenge challengeEnrollment(EnrollmentRequest r) {
        HostNames.require(r.hostName());
        X509Certificate ekCert = Certificates.parse(r.ekCertificate());
        EkChainValidator.validate(ekCert, store.trustedTpmCas().list());
        TpmPublic ek;
        TpmPublic ak;
        try {
            ek = TpmPublic.parseTpm2b(r.ekPublic());
            EkIdentity.create(ek, ekCert);
            ak = TpmPublic.parseTpm2b(r.akPublic());
        } catch (TpmException e) {
            throw new AttestationFailedException("enrollment of " + r.hostName() + ": " + e.getMessage());
        }
        if ((ak.attributes() & RESTRICTED_SIGNING) != RESTRICTED_SIGNING || (ak.attributes() & 0x20000) != 0) {
            throw new AttestationFailedException(String.format("AK: expected a restricted signing key resident in the"
                    + " TPM (fixedTPM|fixedParent|sensitiveDataOrigin|restricted|sign), got attributes 0x%08x", ak.attributes()));
        }
        String ekDigest = sha256Hex(ek.bytes());
        store.hosts().findByEk(ekDigest).filter(h -> !h.name().equals(r.hostName())).ifPresent(h -> {
            throw new AttestationFailedException("this TPM (EK " + ekDigest + ") is already enrolled as host " + h.name()
                    + ": remove that host first (gfctl host remove " + h.name() + ")");
        });
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        CredentialChallenge c = CredentialChallenge.create(ek, ak.name(), secret);
        String id = UUID.randomUUID().toString();
        store.enrollmentChallenges().add(new EnrollmentChallenges.Pending(id, r.hostName(),
                r.group() == null ? "default" : r.group(), sha256Hex(secret), ekDigest, r.ekCertificate(), r.akPublic(),
                Instant.now(), null));
        java.util.Arrays.fill(secret, (byte) 0);
        return new EnrollmentChallenge(id, c.idObject(), c.encryptedSecret());
    }

    @Override
    public Enrolled completeEnrollment(String challengeId, byte[] activatedSecret, Optional<String> baselinePolicy) {
        EnrollmentChallenges.Pending p = store.enrollmentChallenges().find(challengeId)
                .orElseThrow(() -> new AttestationFailedException("enrollment challenge " + challengeId + " is unknown"));
        if (p.usedAt() != null || p.issuedAt().plus(CHALLENGE_LIFETIME).isBefore(Instant.now())) {
            throw new AttestationFailedException("enrollment challenge " + challengeId + " was already used or expired:"
                    + " run gfctl host enroll again");
        }
        if (!MessageDigest.isEqual(HexFormat.of().parseHex(p.secretSha256()),
                HexFormat.of().parseHex(sha256Hex(activatedSecret)))) {
            throw new AttestationFailedException("AK activation: expected the TPM to recover the guardian's credential"
                    + " secret, got another value: the AK does not live in the TPM of the certified EK");
        }
        if (!store.enrollmentChallenges().markUsed(challengeId, Instant.now())) {
            throw new AttestationFailedException("enrollment challenge " + challengeId + " was used concurrently");
        }
        TpmPublic ak = TpmPublic.parseTpm2b(p.akPublic());
        String policy = baselinePolicy.map(yaml -> PolicyStore.put(store, yaml).name()).orElse(null);
        HostRecord h = new HostRecord(p.hostName(), p.group(), p.ekPubDigest(), p.ekCertificate(), p.akPublic(),
                HexFormat.of().formatHex(ak.name()), policy, Instant.now(), null);
        store.hosts().enroll(h);
        return new Enrolled(h.name(), h.group(), h.ekPubDigest(), h.akName(), policy);
    }

    @Override
    public byte[] nonce(String hostName) {
        HostRecord h = activeHost(hostName);
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        store.nonces().issue(HexFormat.of().formatHex(nonce), h.name(), Instant.now());
        return nonce;
    }

    @Override
    public AttestationOutcome attest(AttestationEvidence evidence, Optional<String> policyName) {
        return new Attestor(fabric, store).attest(activeHost(evidence.hostName()), evidence, policyName);
    }

    /** Re-verifies stored attestation {@code id} with today's policy, issuing nothing. */
    public AttestationOutcome reverify(long id) {
        return new Attestor(fabric, store).reverify(id);
    }

    /** Stores a baseline policy for {@code hostName} from verified evidence and makes it the host's policy. */
    public String adoptBaseline(AttestationEvidence evidence) {
        return new Attestor(fabric, store).adoptBaseline(activeHost(evidence.hostName()), evidence);
    }

    HostRecord activeHost(String name) {
        return store.hosts().find(name).filter(HostRecord::active).orElseThrow(() -> new AttestationFailedException(
                "host " + name + " is not enrolled in this fabric: enroll it first (gfctl host enroll --tpm SPEC --name "
                        + name + ")"));
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new org.gfctl.core.Bug("every JDK has SHA-256", e);
        }
    }
}
