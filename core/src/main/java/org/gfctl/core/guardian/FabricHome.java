package org.gfctl.core.guardian;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gfctl.core.internal.AtomicFiles;

/**
 * The files of a fabric under {@code --home}: guardian key store, its password file, the fabric
 * configuration, and (by default) the SQLite store.
 *
 * <p>{@code fabric.properties} records the fabric id and the store URL (never credentials), so
 * that later commands find a PostgreSQL store without repeating {@code --store}.
 */
public final class FabricHome {
    private final Path dir;

    private FabricHome(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    public static FabricHome at(Path dir) {
        return new FabricHome(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path guardianKeyStore() {
        return dir.resolve("guardian.p12");
    }

    /** The guardian key-store password, generated at init, mode 0600 (like HGS keys under OS ACLs). */
    public Path guardianPasswordFile() {
        return dir.resolve("guardian.password");
    }

    public Path configFile() {
        return dir.resolve("fabric.properties");
    }

    /** Whether a fabric was initialized here. */
    public boolean exists() {
        return Files.exists(configFile());
    }

    Properties config() {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(configFile())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + configFile() + ": " + e.getMessage(), e);
        }
        return p;
    }

    void writeConfig(Properties p) {
        StringWriter w = new StringWriter();
        try {
            p.store(w, "gfctl fabric configuration (no secrets)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.write(configFile(), w.toString().getBytes(StandardCharsets.UTF_8), "rw-r--r--",
                AtomicFiles.Existing.REPLACE);
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
