package org.gfctl.core.guardian;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.gfctl.core.keys.CertificateIssuer;

/**
 * Issues health certificates: short-lived X.509 certificates from the attestation CA whose
 * subject public key is an attested host's TPM binding key.
 *
 * <p>The extensions (non-critical, under an OID arc minted as {@code 2.25.<uuid>} per ITU-T X.667)
 * record what was attested, so that key release and auditors can tell which state and policy a
 * certificate vouches for without the store (DESIGN.md "Health certificate").
 */
public final class HealthCertificateIssuer {
    /** gfctl's arc: 2.25 + the decimal value of UUID 6f8a1c3e-2b7d-4e59-9a40-5c1d8e7f3b21. */
    public static final ASN1ObjectIdentifier ARC = new ASN1ObjectIdentifier("2.25."
            + uuidToDecimal(UUID.fromString("6f8a1c3e-2b7d-4e59-9a40-5c1d8e7f3b21")));
    public static final ASN1ObjectIdentifier EK_PUB_DIGEST = ARC.branch("1");
    public static final ASN1ObjectIdentifier AK_NAME = ARC.branch("2");
    public static final ASN1ObjectIdentifier PCR_DIGEST = ARC.branch("3");
    public static final ASN1ObjectIdentifier POLICY_NAME = ARC.branch("4");
    public static final ASN1ObjectIdentifier POLICY_DIGEST = ARC.branch("5");
    public static final ASN1ObjectIdentifier ATTESTATION_ID = ARC.branch("6");
    public static final ASN1ObjectIdentifier HOST_GROUP = ARC.branch("7");

    private HealthCertificateIssuer() {}

    /** What the certificate attests. */
    public record Facts(String hostName, String group, byte[] ekPubDigest, byte[] akName, byte[] pcrDigest,
            String policyName, byte[] policyDigest, long attestationId) {}

    public static X509Certificate issue(KeyEntry ca, String fabricId, Facts f, PublicKey bindingKey, Instant now,
            Duration lifetime) {
        X500Principal subject = new X500Principal("CN=" + f.hostName() + ",OU=hosts of fabric " + fabricId + ",O=gfctl");
        return CertificateIssuer.issue(ca.privateKey(), ca.provider(), ca.certificate(), subject, bindingKey, now, lifetime,
                KeyUsage.keyEncipherment, CertificateIssuer.signatureAlgorithmFor(ca.privateKey()), List.of(
                        new CertificateIssuer.Ext(EK_PUB_DIGEST, false, new DEROctetString(f.ekPubDigest())),
                        new CertificateIssuer.Ext(AK_NAME, false, new DEROctetString(f.akName())),
                        new CertificateIssuer.Ext(PCR_DIGEST, false, new DEROctetString(f.pcrDigest())),
                        new CertificateIssuer.Ext(POLICY_NAME, false, new DERUTF8String(f.policyName())),
                        new CertificateIssuer.Ext(POLICY_DIGEST, false, new DEROctetString(f.policyDigest())),
                        new CertificateIssuer.Ext(ATTESTATION_ID, false, new ASN1Integer(f.attestationId())),
                        new CertificateIssuer.Ext(HOST_GROUP, false, new DERUTF8String(f.group()))));
    }

    static String uuidToDecimal(UUID u) {
        return new BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array()).toString();
    }
}
