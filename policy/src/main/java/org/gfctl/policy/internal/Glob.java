package org.gfctl.policy.internal;

/**
 * Shell-style name patterns: {@code *} matches any run of characters, {@code ?} one character,
 * everything else itself.
 *
 * <p>No regular expressions: a volume name pattern in a release policy must not be able to
 * mean more than it appears to.
 */
public final class Glob {
    private Glob() {}

    public static boolean matches(String pattern, String name) {
        int p = 0;
        int n = 0;
        int star = -1;
        int resume = 0;
        while (n < name.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == name.charAt(n))) {
                p++;
                n++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = n;
            } else if (star >= 0) {
                p = star + 1;
                n = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
