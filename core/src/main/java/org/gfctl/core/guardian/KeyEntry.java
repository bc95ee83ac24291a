package org.gfctl.core.guardian;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.gfctl.core.keys.Certificates;

/** A guardian private key with its certificate. {@code toString} shows only the certificate. */
public record KeyEntry(PrivateKey privateKey, X509Certificate certificate) {
    @Override
    public String toString() {
        return "KeyEntry[" + Certificates.subject(certificate) + ", " + Certificates.fingerprint(certificate) + "]";
    }
}
