package org.gfctl.core.audit;

/**
 * The name of the user the process runs as, for audit entries: looked up from the real uid
 * (getpwuid through the JDK's {@code UnixSystem}), not from the {@code user.name} property, which
 * anyone who starts the JVM can set ({@code -Duser.name=alice} in {@code JAVA_TOOL_OPTIONS}).
 * A uid without a passwd entry is recorded as {@code uid:N}. Where that lookup is unavailable (not
 * Unix, the module left out of a runtime) the property is used.
 */
final class OsUser {
    private static final String NAME = lookUp();

    private OsUser() {}

    static String name() {
        return NAME;
    }

    private static String lookUp() {
        try {
            com.sun.security.auth.module.UnixSystem unix = new com.sun.security.auth.module.UnixSystem();
            String name = unix.getUsername();
            // a uid with no passwd entry (containers) is named by number, never by the settable property
            return name != null && !name.isEmpty() ? name : "uid:" + unix.getUid();
        } catch (RuntimeException | LinkageError e) {
            // no UnixSystem here: fall back to the property
        }
        return System.getProperty("user.name", "unknown");
    }
}
