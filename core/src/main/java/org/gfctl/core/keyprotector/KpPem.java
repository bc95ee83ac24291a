package org.gfctl.core.keyprotector;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.InvalidFormatException;

/**
 * The text form of a key protector: two PEM blocks labelled {@code CMS} (RFC 7468 §9), the
 * envelope first, then (format 2) one block labelled {@value #LEAVES_LABEL} with the manifest's
 * payload leaf hashes.
 *
 * <p>OpenSSL's {@code -inform PEM} reads the first block of a file, so the envelope must come
 * first for {@code openssl cms -decrypt -in vm.kp} to work unchanged. The leaf-hash block is
 * kept as text and decoded only when a caller needs the leaves: a rewrap copies it through
 * unread, so its cost does not grow with the image (docs/key-protector.md).
 */
final class KpPem {
    private static final String LABEL = "CMS";
    static final String LEAVES_LABEL = "GFCTL LEAF HASHES";
    private static final String BEGIN = "-----BEGIN ";
    private static final String LEAVES_BEGIN = BEGIN + LEAVES_LABEL + "-----";
    private static final String LEAVES_END = "-----END " + LEAVES_LABEL + "-----";

    /** The parsed blocks; {@code leafBlock} is the undecoded text of block 3, or null if absent. */
    record Blocks(byte[] envelope, byte[] signedMetadata, String leafBlock) {}

    private KpPem() {}

    static byte[] write(byte[] envelope, byte[] signedMetadata) {
        return write(envelope, signedMetadata, null);
    }

    static byte[] write(byte[] envelope, byte[] signedMetadata, String leafBlock) {
        return (block(LABEL, envelope) + block(LABEL, signedMetadata) + (leafBlock == null ? "" : leafBlock))
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Block 3's text for {@code leaves} (concatenated 32-byte hashes). */
    static String leafBlock(byte[] leaves) {
        return block(LEAVES_LABEL, leaves);
    }

    /** The leaf hashes in block 3's text {@code text}. */
    static byte[] decodeLeafBlock(String text) {
        String t = text.strip();
        if (!t.startsWith(LEAVES_BEGIN) || !t.endsWith(LEAVES_END)) {
            throw new IntegrityException("key protector: block 3 is not a PEM block labelled " + LEAVES_LABEL);
        }
        try {
            return Base64.getMimeDecoder().decode(t.substring(LEAVES_BEGIN.length(), t.length() - LEAVES_END.length()));
        } catch (IllegalArgumentException e) {
            throw new IntegrityException("key protector: block 3 (leaf hashes) is not valid base64");
        }
    }

    private static String block(String label, byte[] der) {
        return BEGIN + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + (der.length == 0 ? "" : "\n") + "-----END " + label + "-----\n";
    }

    /** The DER of the two CMS blocks, envelope first. */
    static List<byte[]> read(byte[] text) {
        Blocks b = parse(text);
        return List.of(b.envelope(), b.signedMetadata());
    }

    /**
     * The blocks of {@code text}. Only the two CMS blocks are scanned and decoded; whatever follows
     * them must start with block 3's header and is checked when it is decoded.
     */
    static Blocks parse(byte[] text) {
        String s = new String(text, StandardCharsets.US_ASCII);
        byte[][] cms = new byte[2][];
        int at = 0;
        for (int i = 0; i < 2; i++) {
            int begin = s.indexOf(BEGIN, at);
            if (begin < 0) {
                throw notAKp("expected 2 PEM blocks labelled CMS, found " + i);
            }
            if (!s.substring(at, begin).isBlank()) {
                throw notAKp("unexpected text before block " + (i + 1));
            }
            String header = BEGIN + LABEL + "-----";
            if (!s.startsWith(header, begin)) {
                int close = s.indexOf("-----", begin + BEGIN.length());
                String label = close < 0 ? "?" : s.substring(begin + BEGIN.length(), close);
                throw notAKp("block " + (i + 1) + " is labelled " + label + ", not " + LABEL);
            }
            String footer = "-----END " + LABEL + "-----";
            int end = s.indexOf(footer, begin + header.length());
            if (end < 0) {
                throw notAKp("block " + (i + 1) + " has no END line");
            }
            try {
                cms[i] = Base64.getMimeDecoder().decode(s.substring(begin + header.length(), end));
            } catch (IllegalArgumentException e) {
                throw notAKp("block " + (i + 1) + " is not valid base64");
            }
            at = end + footer.length();
        }
        int rest = at;
        while (rest < s.length() && Character.isWhitespace(s.charAt(rest))) {
            rest++;
        }
        String leafBlock = null;
        if (rest < s.length()) {
            if (!s.startsWith(LEAVES_BEGIN, rest)) {
                throw notAKp(s.startsWith(BEGIN + LABEL, rest) ? "expected 2 PEM blocks labelled CMS, found more"
                        : "unexpected text after block 2");
            }
            leafBlock = s.substring(rest);
        }
        return new Blocks(cms[0], cms[1], leafBlock);
    }

    private static InvalidFormatException notAKp(String why) {
        return new InvalidFormatException("not a gfctl key protector: " + why);
    }
}
