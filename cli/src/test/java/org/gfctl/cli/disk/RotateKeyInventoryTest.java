package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.cli.TestStore;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.FabricHome;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.store.StoreCredentials;
import org.gfctl.core.store.VolumeRecord;
import org.gfctl.testing.DiskImages;
import org.gfctl.testing.PostgresExtension;
import org.gfctl.testing.PostgresServer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * rotate-key inside a fabric, on a SQLite and on a PostgreSQL store: every mode updates the
 * volume's inventory record (Merkle root, recipients, rotation time) and writes an audit entry,
 * and the audit log still verifies.
 */
@ExtendWith(PostgresExtension.class)
class RotateKeyInventoryTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestStore.Engine.class)
    void everyRotationMode_updatesTheInventory_andIsAudited(TestStore.Engine engine, PostgresServer pg) throws Exception {
        TestStore store = TestStore.create(engine, pg, dir);
        String home = dir.resolve("home").toString();
        assertThat(store.init(home).exitCode()).isZero();
        Fixtures f = Fixtures.create(dir, "ecp384");
        Path image = DiskImages.generate(dir.resolve("vm.raw"), 3 * DiskImages.EXTENT, DiskImages.Layout.MIXED, 11);
        Path shielded = dir.resolve("vm.luks");
        GfctlRunner.Result s = f.gfctl(store, "--home", home, "shield-vm", "--in", image.toString(), "--out",
                shielded.toString(), "--owner", f.owner.toString());
        assertThat(s.exitCode()).as(s.err()).isZero();
        String uuid = KeyProtector.read(Path.of(shielded + ".kp")).metadata().volumeUuid().toString();

        for (List<String> mode : List.of(List.of("--rewrap"), List.of("--new-secret"),
                List.of("--reencrypt", "--in-place"))) {
            String before = inventory(store, home, uuid).merkleRoot();
            List<String> args = new java.util.ArrayList<>(List.of("--home", home, "-o", "json", "rotate-key", "--in",
                    shielded.toString(), "--owner-key", f.owner.toString()));
            args.addAll(mode);
            GfctlRunner.Result r = f.gfctl(store, args.toArray(String[]::new));
            assertThat(r.exitCode()).as(mode + "\n" + r.err() + r.out()).isZero();
            assertThat(r.out()).containsPattern("\"inventoried\" ?: ?true");
            VolumeRecord v = inventory(store, home, uuid);
            String root = KeyProtector.read(Path.of(shielded + ".kp")).metadata().integrity().rootHex();
            assertThat(v.merkleRoot()).as(mode.toString()).isEqualTo(root);
            assertThat(v.rotatedAt()).isNotNull();
            if (!mode.get(0).equals("--rewrap")) {
                assertThat(root).as("%s changes the header, so the root", mode).isNotEqualTo(before);
            }
        }
        GfctlRunner.Result log = store.run("--home", home, "-o", "json", "audit", "log", "--action", "rotate-key");
        assertThat(log.out().strip().split("\n")).hasSize(3);
        GfctlRunner.Result verify = store.run("--home", home, "audit", "verify");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        Path out = dir.resolve("out.raw");
        GfctlRunner.Result u = f.gfctl(store, "--home", home, "unshield", "--in", shielded.toString(), "--out",
                out.toString(), "--owner-key", f.owner.toString());
        assertThat(u.exitCode()).as(u.err()).isZero();
        assertThat(Fixtures.sha256(out)).isEqualTo(Fixtures.sha256(image));
    }

    private static VolumeRecord inventory(TestStore store, String home, String uuid) {
        try (Fabric fabric = Fabric.open(FabricHome.at(Path.of(home)), null,
                StoreCredentials.fromEnvironment(store.environment()))) {
            return fabric.store().volumes().find(uuid).orElseThrow();
        }
    }
}
