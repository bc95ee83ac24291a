package org.gfctl.core.guardian;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gfctl.core.KeyRefusedException;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.keyprotector.KpRecipient;
import org.gfctl.core.keyprotector.SignedBy;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.store.HealthCertificates;
import org.gfctl.core.store.HostRecord;
import org.gfctl.policy.release.ReleaseDecision;
import org.gfctl.policy.release.ReleasePolicy;
import org.gfctl.policy.release.Volume;

/**
 * Key release, guardian side: a volume's unlock secret re-wrapped to the TPM binding key of a
 * host whose health certificate is valid, unrevoked and allowed by the volume's release policy.
 *
 * <p>The result is a key protector for the same volume (same signed manifest) whose only
 * recipient is the health certificate's binding key, signed by the guardian: the host can check
 * the image with it and decrypt the secret only inside its TPM (DESIGN.md "Key release"). Every
 * decision, granted or refused, is recorded with its reason.
 */
public final class KeyReleaseService {
    /** The built-in release policy used when a volume names "default" and the fabric defines none. */
    public static final String DEFAULT_POLICY = "default";
    private final Fabric fabric;

    public KeyReleaseService(Fabric fabric) {
        this.fabric = fabric;
    }

    /** What was released, to whom. */
    public record Released(KeyProtector keyProtector, String volumeUuid, String hostName, String healthSerial,
            String rule, boolean allowCaching, Instant notAfter) {}

    public Released release(KeyProtector kp, X509Certificate health) {
        SignedBy signer = kp.verifySignature();
        String volume = kp.metadata().volumeUuid().toString();
        String serial = health.getSerialNumber().toString(16);
        HealthCertificates.Issued issued = fabric.store().healthCertificates().find(serial).orElse(null);
        String host = issued != null ? issued.hostName() : Certificates.subject(health);
        try {
            HostRecord h = validate(health, issued, serial);
            ReleaseDecision d = policy(kp.metadata().releasePolicy()).evaluate(h.group(),
                    new Volume(kp.metadata().volumeName(), owner(kp, signer), Map.of()),
                    Duration.between(health.getNotBefore().toInstant(), Instant.now()));
            if (!d.released()) {
                throw new KeyRefusedException("release policy " + kp.metadata().releasePolicy() + " refuses volume "
                        + kp.metadata().volumeName() + " to host " + h.name() + " (group " + h.group() + "): " + d.explanation());
            }
            KeyEntry g = fabric.keys().encryption();
            KeyProtector released = g.rewrap(kp, List.of(health), g.signer());
            fabric.store().keyReleases().record(volume, h.name(), serial, true, d.explanation());
            return new Released(released, volume, h.name(), serial, d.rule().orElse(""), d.allowCaching(),
                    health.getNotAfter().toInstant());
        } catch (KeyRefusedException e) {
            fabric.store().keyReleases().record(volume, host, serial, false, e.getMessage());
            throw e;
        }
    }

    private HostRecord validate(X509Certificate health, HealthCertificates.Issued issued, String serial) {
        X509Certificate ca = fabric.keys().attestationCa().certificate();
        try {
            health.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new KeyRefusedException("health certificate " + serial + " is not signed by this fabric's attestation CA");
        }
        Instant now = Instant.now();
        if (now.isBefore(health.getNotBefore().toInstant()) || now.isAfter(health.getNotAfter().toInstant())) {
            throw new KeyRefusedException("health certificate " + serial + " is not valid now (valid "
                    + health.getNotBefore().toInstant() + " to " + health.getNotAfter().toInstant() + "): attest again");
        }
        if (issued == null) {
            throw new KeyRefusedException("health certificate " + serial + " was never issued by this guardian");
        }
        if (issued.revokedAt() != null) {
            throw new KeyRefusedException("health certificate " + serial + " was revoked at " + issued.revokedAt()
                    + " (failed attestation or host removed)");
        }
        return fabric.store().hosts().find(issued.hostName()).filter(HostRecord::active).orElseThrow(
                () -> new KeyRefusedException("host " + issued.hostName() + " is no longer enrolled"));
    }

    private ReleasePolicy policy(String name) {
        Optional<ReleasePolicy> stored = PolicyStore.release(fabric.store(), name);
        if (stored.isPresent()) {
            return stored.get();
        }
        if (DEFAULT_POLICY.equals(name)) {
            return PolicyStore.defaultRelease();
        }
        throw new KeyRefusedException("release policy " + name + " named by the volume is not defined in this fabric");
    }

    /** The owner: the signer when it is not a guardian, else the first recipient that is not a guardian. */
    private String owner(KeyProtector kp, SignedBy signer) {
        String guardian = Certificates.fingerprint(fabric.keys().encryption().certificate());
        if (!signer.sha256().equals(guardian)) {
            return signer.sha256();
        }
        return kp.recipients().stream().map(KpRecipient::sha256).filter(f -> !f.equals(guardian)).findFirst().orElse("");
    }
}
