package org.gfctl.policy.internal;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** Lower-case hex digests: encoding, and checking a digest's syntax and length. */
public final class Hex {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]*");

    private Hex() {}

    public static String encode(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Why {@code text} is not a hex digest of {@code bytes} bytes, or {@code null} if it is.
     *
     * <p>{@code what} names the digest in the message, e.g. "sha256 digest"; a negative
     * {@code bytes} checks the digits only.
     */
    public static String problem(String text, int bytes, String what) {
        if (!HEX.matcher(text).matches()) {
            return what + " must be hex digits only, not \"" + text + "\"";
        }
        if (bytes >= 0 && text.length() != bytes * 2) {
            return what + " must be " + bytes * 2 + " hex digits, not " + text.length();
        }
        return null;
    }

    /** {@code text} lower-cased after checking it with {@link #problem}; throws if it is not valid. */
    public static String require(String text, int bytes, String what) {
        String problem = problem(text, bytes, what);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return text.toLowerCase(java.util.Locale.ROOT);
    }
}
