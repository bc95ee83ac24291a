package org.gfctl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gfctl.testing.PostgresServer;

/**
 * The fabric store a CLI test runs against, and how gfctl is run for it: SQLite under {@code
 * --home} (the default), or a fresh database on the test class's PostgreSQL server, named with
 * {@code fabric init --store URL} and reached with credentials from {@code
 * GFCTL_STORE_CREDENTIALS}, as a user would.
 *
 * <p>Use with {@code @ParameterizedTest @EnumSource(TestStore.Engine.class)}, a {@link
 * PostgresServer} parameter from {@code PostgresExtension}, and {@link #create}.
 */
public final class TestStore {
    /** The two store engines of DESIGN.md "Store". */
    public enum Engine { SQLITE, POSTGRESQL }

    private final Engine engine;
    private final String url;
    private final Map<String, String> env;

    private TestStore(Engine engine, String url, Map<String, String> env) {
        this.engine = engine;
        this.url = url;
        this.env = env;
    }

    /** A new, empty store of {@code engine}; for PostgreSQL a new database on {@code pg} and a credentials file in {@code dir}. */
    public static TestStore create(Engine engine, PostgresServer pg, Path dir) throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (engine == Engine.SQLITE) {
            return new TestStore(engine, null, env);
        }
        Path creds = dir.resolve("store.credentials");
        Files.writeString(creds, pg.user() + "\n" + pg.password() + "\n");
        Files.setPosixFilePermissions(creds, PosixFilePermissions.fromString("rw-------"));
        env.put("GFCTL_STORE_CREDENTIALS", creds.toString());
        return new TestStore(engine, pg.createDatabase(), env);
    }

    public Engine engine() {
        return engine;
    }

    /** The arguments that make {@code fabric init} use this store (none for SQLite). */
    public List<String> initArgs() {
        return url == null ? List.of() : List.of("--store", url);
    }

    /** {@code gfctl --home HOME fabric init [--store URL] extra...}. */
    public GfctlRunner.Result init(String home, String... extra) {
        List<String> args = new ArrayList<>(List.of("--home", home, "fabric", "init"));
        args.addAll(initArgs());
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    /** Runs gfctl in-process with this store's credentials in its environment. */
    public GfctlRunner.Result run(String... args) {
        return GfctlRunner.run(env, args);
    }

    /** The environment for a gfctl child process. */
    public Map<String, String> environment() {
        return env;
    }

    @Override
    public String toString() {
        return engine.toString();
    }
}
