package org.gfctl.core.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.gfctl.core.secret.Secret;

/**
 * Owner key stores created once per test JVM and shared by test classes, because RSA-3072 key
 * generation costs a second of a shared CPU.
 */
public final class TestOwners {
    public static final String PASSWORD = "correct horse battery staple";
    private static final Map<KeyType, Path> STORES = new EnumMap<>(KeyType.class);
    private static Path dir;

    private TestOwners() {}

    /** A PKCS#12 file holding an owner key of {@code type}, password {@link #PASSWORD}. */
    public static synchronized Path p12(KeyType type) {
        return STORES.computeIfAbsent(type, t -> {
            Path out = directory().resolve(t.cliName() + ".p12");
            OwnerKeys.create(t, new X500Principal("CN=tenant " + t.cliName() + ",O=gfctl test"), password(), out);
            return out;
        });
    }

    /** The owner key of {@code type}, loaded from {@link #p12}. */
    public static OwnerKey key(KeyType type) {
        try (Secret pw = password()) {
            return OwnerKeys.load(p12(type), pw);
        }
    }

    /** A fresh copy of {@link #PASSWORD}; the caller closes it. */
    public static Secret password() {
        return Secret.copyOf(PASSWORD.getBytes(StandardCharsets.UTF_8));
    }

    /** A password file holding {@link #PASSWORD} and a newline, in {@code dir}. */
    public static Path passwordFile(Path in) {
        try {
            return Files.writeString(in.resolve("pw"), PASSWORD + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path directory() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("gfctl-test-owners");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            dir.toFile().deleteOnExit();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> STORES.values().forEach(p -> p.toFile().delete())));
        }
        return dir;
    }
}
