package org.gfctl.policy.compliance;

import java.util.Locale;

/**
 * One control of a framework, as the framework numbers and names it ({@code AC-6(10)}, {@code A.6.1.2}).
 *
 * <p>Titles are short forms of the framework's own wording, enough for a reader to recognise the control.
 */
public record Control(String id, String title) {

    /**
     * The control's identifier as an OSCAL token: lower case, enhancements as {@code .N}
     * ({@code AC-6(10)} becomes {@code ac-6.10}, as in NIST's OSCAL catalogues), prefixed with
     * {@code prefix} when it starts with a digit (OSCAL tokens must start with a letter).
     */
    public String oscalId(String prefix) {
        String s = id.toLowerCase(Locale.ROOT).replaceAll("\\((\\d+)\\)", ".$1");
        return Character.isDigit(s.charAt(0)) ? prefix + s : s;
    }
}
