package org.gfctl.core.audit;

import java.util.regex.Pattern;

/**
 * The rules every audit field obeys: bounded length, no control characters, and nothing shaped
 * like a secret.
 *
 * <p>Audit entries are kept forever and shown to auditors, so they must never hold a secret
 * (STYLE.md §4). The guard cannot recognize every secret, but it refuses the shapes gfctl itself
 * produces: an unlock secret is 32 random bytes in base64url, a 43-character token (DESIGN.md
 * "Data formats"), and PEM private keys. Error messages name the field, never its value.
 */
final class FieldRules {
    static final int MAX_ACTOR = 64;
    static final int MAX_OBJECT = 256;
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9.-]{0,63}");
    private static final Pattern RESULT = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern UNLOCK_SECRET = Pattern.compile("(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])");

    private FieldRules() {}

    static String action(String v) {
        return matching("action", v, ACTION, "lowercase letters, digits, '.' and '-', at most 64, e.g. shield-vm");
    }

    static String result(String v) {
        return matching("result", v, RESULT, "lowercase letters, digits and '-', at most 32, e.g. ok or denied");
    }

    static String digest(String what, String v) {
        if (v == null) {
            return null;
        }
        return matching(what, v, SHA256_HEX, "a SHA-256 digest as 64 lowercase hex digits");
    }

    static int exitCode(int v) {
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException("audit exit code must be 0..255, not " + v);
        }
        return v;
    }

    /** Free text (actor, object): bounded, printable, and not shaped like a secret. */
    static String text(String what, String v, int min, int max) {
        if (v == null) {
            throw new IllegalArgumentException("audit " + what + " is missing");
        }
        if (v.length() < min || v.length() > max) {
            throw new IllegalArgumentException("audit " + what + " must be " + min + ".." + max + " characters, not "
                    + v.length());
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException("audit " + what + " contains a control or surrogate character at "
                        + i + ": only printable text is recorded");
            }
        }
        if (UNLOCK_SECRET.matcher(v).find() || v.contains("PRIVATE KEY")) {
            throw new IllegalArgumentException("audit " + what + " looks like it contains a secret (a 43-character"
                    + " base64url token or a private key): audit entries never hold secrets");
        }
        return v;
    }

    /**
     * {@code v} made recordable as free text of at most {@code max} characters: every secret-shaped
     * token replaced by {@code [redacted]}, control characters by {@code ?}, and only the last
     * {@code max} characters kept (the end of a path names the file). So a command on an object
     * that merely looks like a secret (a 43-character host name) is still recorded.
     */
    static String recordable(String v, int max) {
        if (v == null) {
            return "";
        }
        // cut first, then redact: a cut can leave a secret-shaped run at the start of what remains
        String cut = v.length() > max ? v.substring(v.length() - max) : v;
        String r = UNLOCK_SECRET.matcher(cut).replaceAll("[redacted]").replace("PRIVATE KEY", "[redacted]");
        StringBuilder b = new StringBuilder(r.length());
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            b.append(Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        return b.length() > max ? b.substring(b.length() - max) : b.toString();
    }

    private static String matching(String what, String v, Pattern p, String expected) {
        if (v == null || !p.matcher(v).matches()) {
            throw new IllegalArgumentException("audit " + what + " must be " + expected
                    + (v == null ? ", but is missing" : ", not this " + v.length() + "-character value"));
        }
        return v;
    }
}
