package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.core.guardian.Fabric;
import org.gfctl.core.guardian.FabricHome;
import org.gfctl.core.keys.Certificates;
import org.gfctl.core.store.StoreCredentials;
import org.gfctl.testing.DiskImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * shield-vm in a fabric wraps the unlock secret to the guardian as well as the owner: the guardian's
 * certificate is read from its key store while the disk pass runs, so a key store that cannot be
 * read stops the pass and leaves nothing behind.
 */
class ShieldWithFabricTest {
    @TempDir
    Path dir;

    @Test
    void theGuardiansCertificate_isARecipient_afterTheOwner() throws Exception {
        Path home = fabric();
        Fixtures f = Fixtures.create(dir, "ecp384");
        Path image = DiskImages.generate(dir.resolve("vm.raw"), 2 * DiskImages.EXTENT, DiskImages.Layout.MIXED, 3);
        Path out = dir.resolve("vm.luks");
        GfctlRunner.Result r = f.gfctl("--home", home.toString(), "-o", "json", "shield-vm", "--in", image.toString(),
                "--out", out.toString(), "--owner", f.owner.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode recipients = new ObjectMapper().readTree(r.out()).get("recipients");
        String guardian = guardianFingerprint(home);
        assertThat(recipients).hasSize(2);
        assertThat(recipients.get(0).get("subject").asText()).contains("CN=tenant-test");
        assertThat(recipients.get(1).get("sha256").asText()).isEqualTo(guardian);
        assertThat(recipients.get(1).fieldNames()).toIterable().containsExactly("subject", "sha256");
    }

    @Test
    void aGuardianKeyStoreThatCannotBeRead_stopsThePass_andNothingIsWritten() throws Exception {
        Path home = fabric();
        Files.writeString(home.resolve("guardian.password"), "not the password\n");
        Fixtures f = Fixtures.create(dir, "ecp384");
        Path image = DiskImages.generate(dir.resolve("vm.raw"), 8 * DiskImages.EXTENT, DiskImages.Layout.RANDOM, 4);
        Path outDir = Files.createDirectory(dir.resolve("out"));
        GfctlRunner.Result r = f.gfctl("--home", home.toString(), "shield-vm", "--in", image.toString(), "--out",
                outDir.resolve("vm.luks").toString(), "--owner", f.owner.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(6);
        assertThat(r.err()).contains("wrong password for the guardian key store");
        try (Stream<Path> left = Files.list(outDir)) {
            assertThat(left.toList()).as("no output, key protector or temp file").isEmpty();
        }
    }

    @Test
    void extraGuardians_followTheFabricsGuardian_andAnOwnerCertificateIsSignedForByTheGuardian() throws Exception {
        Path home = fabric();
        Path other = fabric("other");
        Path certs = Files.createDirectory(dir.resolve("other-certs"));
        assertThat(GfctlRunner.run("--home", other.toString(), "fabric", "export-certs", "--out", certs.toString())
                .exitCode()).isZero();
        String otherGuardian = Certificates.fingerprint(Certificates.load(certs.resolve("guardian.crt")));
        String guardian = guardianFingerprint(home);
        Fixtures f = Fixtures.create(dir, "ecp384");
        Path image = DiskImages.generate(dir.resolve("vm.raw"), 2 * DiskImages.EXTENT, DiskImages.Layout.MIXED, 5);
        GfctlRunner.Result withKey = f.gfctl("--home", home.toString(), "-o", "json", "shield-vm", "--in", image.toString(),
                "--out", dir.resolve("a.luks").toString(), "--owner", f.owner.toString(), "--guardian",
                certs.resolve("guardian.crt").toString());
        assertThat(withKey.exitCode()).as(withKey.err()).isZero();
        JsonNode r = new ObjectMapper().readTree(withKey.out()).get("recipients");
        assertThat(List.of(r.get(1).get("sha256").asText(), r.get(2).get("sha256").asText()))
                .containsExactly(guardian, otherGuardian);
        // an owner certificate alone: the guardian signs the key protector and is its second recipient
        Path ownerCrt = f.exportPem()[1];
        GfctlRunner.Result withCert = GfctlRunner.run("--home", home.toString(), "-o", "json", "shield-vm", "--in",
                image.toString(), "--out", dir.resolve("b.luks").toString(), "--owner", ownerCrt.toString());
        assertThat(withCert.exitCode()).as(withCert.err()).isZero();
        JsonNode b = new ObjectMapper().readTree(withCert.out());
        assertThat(b.get("signer").asText()).endsWith(guardian);
        assertThat(b.get("recipients").get(1).get("sha256").asText()).isEqualTo(guardian);
    }

    @Test
    void withBothPasswordsWrong_theGuardiansIsReported() throws Exception {
        Path home = fabric();
        Files.writeString(home.resolve("guardian.password"), "not the password");
        Fixtures f = Fixtures.create(dir, "ecp384");
        Files.writeString(f.passwordFile, "not the owner's password\n");
        Path image = DiskImages.generate(dir.resolve("vm.raw"), 2 * DiskImages.EXTENT, DiskImages.Layout.MIXED, 6);
        GfctlRunner.Result r = f.gfctl("--home", home.toString(), "shield-vm", "--in", image.toString(), "--out",
                dir.resolve("vm.luks").toString(), "--owner", f.owner.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(6);
        assertThat(r.err()).contains("wrong password for the guardian key store").doesNotContain(f.owner.toString());
    }

    private static String guardianFingerprint(Path home) {
        try (Fabric fabric = Fabric.open(FabricHome.at(home), null, StoreCredentials.none())) {
            return Certificates.fingerprint(fabric.keys().encryption().certificate());
        }
    }

    private Path fabric() {
        return fabric("home");
    }

    private Path fabric(String name) {
        Path home = dir.resolve(name);
        GfctlRunner.Result init = GfctlRunner.run("--home", home.toString(), "fabric", "init");
        assertThat(init.exitCode()).as(init.err()).isZero();
        return home;
    }
}
