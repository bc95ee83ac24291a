package org.gfctl.core.keyprotector;

import java.security.cert.X509Certificate;
import java.util.regex.Pattern;
import org.gfctl.core.keys.Certificates;

/**
 * One key holder a key protector is wrapped to, as listed in its signed metadata: the
 * certificate's subject DN and its SHA-256 fingerprint (lowercase hex of the DER).
 */
public record KpRecipient(String subject, String sha256) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public KpRecipient {
        if (subject == null || sha256 == null || !HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("recipient: need a subject and a SHA-256 fingerprint of 64"
                    + " lowercase hex digits, not " + subject + " / " + sha256);
        }
    }

    /** The entry for {@code certificate}. */
    public static KpRecipient of(X509Certificate certificate) {
        return new KpRecipient(Certificates.subject(certificate), Certificates.fingerprint(certificate));
    }
}
