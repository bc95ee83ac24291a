package org.gfctl.cli.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.cli.TestStore;
import org.gfctl.testing.PostgresExtension;
import org.gfctl.testing.PostgresServer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A store that already holds a fabric is never taken over, with --force or without; its log still verifies. */
@ExtendWith(PostgresExtension.class)
class FabricInitStoreTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestStore.Engine.class)
    void aSecondFabricOnTheSameStore_isRefused_andTheFirstStaysIntact(TestStore.Engine engine, PostgresServer pg)
            throws Exception {
        TestStore store = TestStore.create(engine, pg, dir);
        String first = dir.resolve("first").toString();
        assertThat(store.init(first).exitCode()).isZero();
        String url = engine == TestStore.Engine.POSTGRESQL ? store.initArgs().get(1)
                : "jdbc:sqlite:" + dir.resolve("first").resolve("fabric.db");
        for (String[] extra : new String[][] {{}, {"--force"}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--home", dir.resolve("second")
                    .toString(), "fabric", "init", "--store", url));
            args.addAll(java.util.List.of(extra));
            GfctlRunner.Result r = store.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("already holds fabric").contains("gfctl does not delete a store it was given");
        }
        if (engine == TestStore.Engine.POSTGRESQL) { // its keys would go and its store stay
            GfctlRunner.Result forced = store.run("--home", first, "fabric", "init", "--force");
            assertThat(forced.exitCode()).as(forced.err()).isEqualTo(1);
            assertThat(forced.err()).contains("--force replaces only a fabric's own SQLite store");
        }
        assertThat(store.run("--home", first, "audit", "verify").exitCode()).isZero();
    }
}
