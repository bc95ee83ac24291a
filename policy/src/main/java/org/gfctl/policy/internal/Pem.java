package org.gfctl.policy.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * X.509 certificates in PEM (RFC 7468), read with the JDK's certificate factory.
 *
 * <p>Encoding is fixed (64-character lines, {@code \n}) so that the canonical form of a policy,
 * and hence its digest, does not depend on how the certificate was formatted in the input.
 */
public final class Pem {
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";

    private Pem() {}

    /** Whether {@code text} holds a PEM certificate rather than naming a file. */
    public static boolean looksLikePem(String text) {
        return text.contains(BEGIN);
    }

    /** Every certificate in {@code bytes} (PEM or DER). */
    public static List<X509Certificate> parse(byte[] bytes) throws CertificateException {
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certs = new ArrayList<>();
        f.generateCertificates(new ByteArrayInputStream(bytes)).forEach(c -> certs.add((X509Certificate) c));
        if (certs.isEmpty()) {
            throw new CertificateException("no certificate found");
        }
        return certs;
    }

    public static List<X509Certificate> parse(String pem) throws CertificateException {
        return parse(pem.getBytes(StandardCharsets.US_ASCII));
    }

    public static String encode(X509Certificate cert) {
        try {
            String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded());
            return BEGIN + "\n" + body + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate can be encoded again", e);
        }
    }
}
