package org.gfctl.core.compliance;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import org.gfctl.core.Bug;
import org.gfctl.core.keys.Certificates;

/**
 * One guardian certificate as an auditor sees it: its role, subject, fingerprint, key digest and validity.
 *
 * <p>Public data only, so a report can be produced from exported certificates; the key digest
 * (SHA-256 of the SubjectPublicKeyInfo) shows whether two roles share a key.
 *
 * @param role one of {@code guardian}, {@code attestation-ca}, {@code audit}
 */
public record GuardianCertificate(String role, String subject, String fingerprint, String keyDigest, Instant notBefore,
        Instant notAfter) {

    /** The record of {@code certificate} in {@code role}. */
    public static GuardianCertificate of(String role, X509Certificate certificate) {
        try {
            String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getPublicKey().getEncoded()));
            return new GuardianCertificate(role, Certificates.subject(certificate), Certificates.fingerprint(certificate), key,
                    certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
        } catch (NoSuchAlgorithmException e) {
            throw new Bug("SHA-256 exists", e);
        }
    }
}
