package org.gfctl.core.guardian;

import java.util.regex.Pattern;
import org.gfctl.core.UsageException;

/** Host names: DNS-label-like, so they are safe in certificate subjects, file names and logs. */
final class HostNames {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");

    private HostNames() {}

    static String require(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new UsageException("host name '" + name + "' must be 1-63 lower-case letters, digits, '.' or '-',"
                    + " starting and ending with a letter or digit");
        }
        return name;
    }
}
