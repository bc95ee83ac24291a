package org.gfctl.core.keys;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.security.auth.x500.X500Principal;
import org.gfctl.core.Bug;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.NotFoundException;

/**
 * Reading X.509 certificates (PEM or DER) and naming them: subject DN and SHA-256 fingerprint.
 *
 * <p>The fingerprint is SHA-256 over the certificate's DER encoding, the same value as {@code
 * openssl x509 -noout -fingerprint -sha256} (without the colons), so users can compare what gfctl
 * reports with what they hold.
 */
public final class Certificates {
    private Certificates() {}

    /** The first certificate in {@code file}, PEM ({@code BEGIN CERTIFICATE}) or DER. */
    public static X509Certificate load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("certificate file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(bytes);
        } catch (InvalidFormatException e) {
            throw new InvalidFormatException(file + ": " + e.getMessage(), e.getCause());
        }
    }

    /** The first certificate in {@code encoded}, PEM or DER. */
    public static X509Certificate parse(byte[] encoded) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            return (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(encoded));
        } catch (CertificateException | ClassCastException e) {
            throw new InvalidFormatException("not an X.509 certificate in PEM or DER form", e);
        }
    }

    /** SHA-256 of the DER encoding, lowercase hex without separators. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new Bug("a parsed certificate has an encoding and SHA-256 exists", e);
        }
    }

    /** The subject DN in RFC 2253 form, e.g. {@code CN=tenant-a,O=Example}. */
    public static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    /** The certificate in PEM form, as {@code openssl x509} writes it. */
    public static String toPem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new Bug("a parsed certificate has an encoding", e);
        }
    }
}
