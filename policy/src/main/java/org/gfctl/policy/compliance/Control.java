package org.gfctl.policy.compliance;

import java.util.Locale;

/**
 * One control of a framework, as the framework numbers and names it ({@code AC-6(10)}, {@code A.6.1.2}).
 *
 * <p>Titles are short forms of the framework's own wording, enough for a reader to recognise the control.
 *
 * @param notMetBy why the capability's evidence cannot satisfy this control by itself (it is then
 *     reported not satisfied whatever the capability's finding), or null
 */
public record Control(String id, String title, String notMetBy) {

    /** A control the capability's evidence can satisfy. */
    public Control(String id, String title) {
        this(id, title, null);
    }

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
