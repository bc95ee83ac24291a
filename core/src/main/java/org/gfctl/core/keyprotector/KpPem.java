package org.gfctl.core.keyprotector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gfctl.core.InvalidFormatException;

/**
 * The text form of a key protector: two PEM blocks labelled {@code CMS} (RFC 7468 §9), the
 * envelope first.
 *
 * <p>OpenSSL's {@code -inform PEM} reads the first block of a file, so the envelope must come
 * first for {@code openssl cms -decrypt -in vm.kp} to work unchanged.
 */
final class KpPem {
    private static final String LABEL = "CMS";
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n([A-Za-z0-9+/=\\r\\n]*)-----END ([A-Z0-9 ]+)-----\\r?\\n?");

    private KpPem() {}

    static byte[] write(byte[] envelope, byte[] signedMetadata) {
        return (block(envelope) + block(signedMetadata)).getBytes(StandardCharsets.US_ASCII);
    }

    private static String block(byte[] der) {
        return "-----BEGIN " + LABEL + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + LABEL + "-----\n";
    }

    /** The DER of the two blocks, envelope first. */
    static List<byte[]> read(byte[] text) {
        String s = new String(text, StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(s);
        List<byte[]> blocks = new ArrayList<>();
        int at = 0;
        while (m.find()) {
            if (!s.substring(at, m.start()).isBlank()) {
                throw notAKp("unexpected text before block " + (blocks.size() + 1));
            }
            if (!LABEL.equals(m.group(1)) || !LABEL.equals(m.group(3))) {
                throw notAKp("block " + (blocks.size() + 1) + " is labelled " + m.group(1) + ", not " + LABEL);
            }
            try {
                blocks.add(Base64.getMimeDecoder().decode(m.group(2)));
            } catch (IllegalArgumentException e) {
                throw notAKp("block " + (blocks.size() + 1) + " is not valid base64");
            }
            at = m.end();
        }
        if (!s.substring(at).isBlank()) {
            throw notAKp("unexpected text after block " + blocks.size());
        }
        if (blocks.size() != 2) {
            throw notAKp("expected 2 PEM blocks labelled CMS, found " + blocks.size());
        }
        return blocks;
    }

    private static InvalidFormatException notAKp(String why) {
        return new InvalidFormatException("not a gfctl key protector: " + why);
    }
}
