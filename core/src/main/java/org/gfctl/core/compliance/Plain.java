package org.gfctl.core.compliance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.gfctl.core.Bug;

/** Plain-words helpers for findings: ages, counts, plurals, and digests of measured rows. */
final class Plain {

    private Plain() {}

    /** A duration as a reader says it: {@code 45 min}, {@code 3 h}, {@code 12 d}. */
    static String span(Duration d) {
        long minutes = Math.abs(d.toMinutes());
        if (minutes < 120) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        return hours < 48 ? hours + " h" : hours / 24 + " d";
    }

    /** {@code 1 volume}, {@code 2 volumes}. */
    static String count(long n, String singular) {
        if (n == 1) {
            return n + " " + singular;
        }
        return n + " " + (singular.matches(".*[^aeiou]y") ? singular.substring(0, singular.length() - 1) + "ies" : singular + "s");
    }

    /** The first three names, then "and N more". */
    static String names(List<String> names) {
        if (names.size() <= 3) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
    }

    /** SHA-256 (hex) of {@code lines}, each terminated by a newline: the digest of the rows measured. */
    static String sha256(List<String> lines) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String l : lines) {
                md.update((l + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new Bug("SHA-256 exists", e);
        }
    }
}
