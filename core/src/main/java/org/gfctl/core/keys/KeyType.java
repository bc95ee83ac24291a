package org.gfctl.core.keys;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.gfctl.core.UsageException;

/**
 * The key algorithms gfctl creates for owners: RSA 3072 or ECDSA/ECDH on NIST P-384.
 *
 * <p>Both give about 128 bits or more of security (NIST SP 800-57 Part 1 Table 2) and both are
 * recipient types that {@code openssl cms -decrypt} handles: RSA-OAEP key transport and ECDH key
 * agreement (RFC 5652 §6.2.1, §6.2.2).
 */
public enum KeyType {
    RSA3072("rsa3072", "RSA", "SHA384withRSA"),
    ECP384("ecp384", "EC", "SHA384withECDSA");

    private final String cliName;
    private final String jcaAlgorithm;
    private final String certificateSignature;

    KeyType(String cliName, String jcaAlgorithm, String certificateSignature) {
        this.cliName = cliName;
        this.jcaAlgorithm = jcaAlgorithm;
        this.certificateSignature = certificateSignature;
    }

    /** The name used on the command line ({@code --key rsa3072|ecp384}). */
    public String cliName() {
        return cliName;
    }

    String jcaAlgorithm() {
        return jcaAlgorithm;
    }

    String certificateSignature() {
        return certificateSignature;
    }

    /** The type named {@code name} on the command line. */
    public static KeyType parse(String name) {
        for (KeyType t : values()) {
            if (t.cliName.equals(name)) {
                return t;
            }
        }
        throw new UsageException("key type must be one of "
                + Arrays.stream(values()).map(KeyType::cliName).collect(Collectors.joining(", ")) + ", not " + name);
    }
}
