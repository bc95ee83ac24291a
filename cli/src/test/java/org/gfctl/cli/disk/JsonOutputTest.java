package org.gfctl.cli.disk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.DiskImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code -o json} of verify, unshield and key reveal: one document with the volume's facts, never a secret. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    Fixtures f;
    Path image;
    Path shielded;
    JsonNode shield;

    @BeforeAll
    void shieldOnce() throws Exception {
        f = Fixtures.create(dir, "ecp384");
        image = DiskImages.generate(dir.resolve("vm.raw"), 3 * DiskImages.EXTENT, DiskImages.Layout.MIXED, 8);
        shielded = dir.resolve("vm.luks");
        GfctlRunner.Result r = f.gfctl("-o", "json", "shield-vm", "--in", image.toString(), "--out", shielded.toString(),
                "--owner", f.owner.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        shield = JSON.readTree(r.out());
    }

    private static void assertVolumeFacts(JsonNode n, JsonNode shield) {
        assertThat(n.get("volumeUuid").asText()).isEqualTo(shield.get("volumeUuid").asText());
        assertThat(n.get("cipher").asText()).isEqualTo("aes-xts-plain64");
        assertThat(n.get("keyBits").asInt()).isEqualTo(512);
        assertThat(n.get("chunks").asInt()).isEqualTo(3);
        assertThat(n.get("merkleRoot").asText()).isEqualTo(shield.get("merkleRoot").asText()).hasSize(64);
    }

    @Test
    void shieldVm_reportsTheVolumeSizesCipherChunksAndThroughput() throws Exception {
        assertVolumeFacts(shield, shield);
        assertThat(shield.get("volumeUuid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(shield.get("imageSize").asLong()).isEqualTo(Files.size(image));
        assertThat(shield.get("payloadOffset").asLong()).isEqualTo(4096L * 512);
        assertThat(shield.get("shieldedSize").asLong()).isEqualTo(Files.size(shielded))
                .isEqualTo(4096L * 512 + Files.size(image));
        assertThat(shield.get("keyProtector").asText()).isEqualTo(shielded.toAbsolutePath() + ".kp");
        assertThat(shield.get("recipients")).singleElement()
                .satisfies(r -> assertThat(r.get("sha256").asText()).matches("[0-9a-f]{64}"));
        assertThat(shield.get("seconds").asDouble()).isPositive();
        assertThat(shield.get("megabytesPerSecond").asDouble()).isPositive();
        // the root is the one verify recomputes from the image, with no key
        GfctlRunner.Result v = GfctlRunner.run("-o", "json", "verify", shielded.toString());
        assertThat(v.exitCode()).as(v.err()).isZero();
        assertThat(JSON.readTree(v.out()).get("merkleRoot").asText()).isEqualTo(shield.get("merkleRoot").asText());
    }

    @Test
    void verify_reportsTheVolume_andOnDamageTheOffsetsInTheErrorDocument() throws Exception {
        GfctlRunner.Result ok = GfctlRunner.run("-o", "json", "verify", shielded.toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        JsonNode v = JSON.readTree(ok.out());
        assertVolumeFacts(v, shield);
        assertThat(v.get("intact").asBoolean()).isTrue();
        assertThat(v.get("imageSize").asLong()).isEqualTo(Files.size(shielded));
        assertThat(v.get("payloadSize").asLong()).isEqualTo(Files.size(image));
        assertThat(v.has("megabytesPerSecond")).isTrue();

        Path bad = dir.resolve("bad.luks");
        Files.copy(shielded, bad, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of(shielded + ".kp"), Path.of(bad + ".kp"), StandardCopyOption.REPLACE_EXISTING);
        long payload = Files.size(shielded) - Files.size(image);
        try (RandomAccessFile raf = new RandomAccessFile(bad.toFile(), "rw")) {
            raf.seek(payload + DiskImages.EXTENT + 7);
            raf.write(raf.read() ^ 0x80);
        }
        GfctlRunner.Result damaged = GfctlRunner.run("-o", "json", "verify", bad.toString());
        assertThat(damaged.exitCode()).isEqualTo(4);
        JsonNode e = JSON.readTree(damaged.out()).get("error");
        assertThat(e.get("code").asInt()).isEqualTo(4);
        JsonNode d = e.get("details");
        assertVolumeFacts(d, shield);
        assertThat(d.get("intact").asBoolean()).isFalse();
        assertThat(d.get("damagedChunks").asLong()).isEqualTo(1);
        assertThat(d.get("damagedOffsets").get(0).asLong()).isEqualTo(payload + DiskImages.EXTENT);
    }

    @Test
    void unshieldAndKeyReveal_reportTheVolume_neverTheSecret() throws Exception {
        Path out = dir.resolve("plain.raw");
        GfctlRunner.Result u = f.gfctl("-o", "json", "unshield", "--in", shielded.toString(), "--out", out.toString(),
                "--owner-key", f.owner.toString());
        assertThat(u.exitCode()).as(u.err()).isZero();
        JsonNode n = JSON.readTree(u.out());
        assertVolumeFacts(n, shield);
        assertThat(n.get("size").asLong()).isEqualTo(Files.size(image));
        assertThat(n.get("shieldedSize").asLong()).isEqualTo(Files.size(shielded));
        assertThat(n.has("megabytesPerSecond")).isTrue();

        Path secret = dir.resolve("vm.secret");
        GfctlRunner.Result k = f.gfctl("-o", "json", "key", "reveal", "--in", shielded.toString(), "--owner-key",
                f.owner.toString(), "--out", secret.toString());
        assertThat(k.exitCode()).as(k.err()).isZero();
        JsonNode r = JSON.readTree(k.out());
        assertVolumeFacts(r, shield);
        assertThat(r.get("imageSize").asLong()).isEqualTo(Files.size(shielded));
        String s = Files.readString(secret);
        assertThat(u.out() + u.err() + k.out() + k.err()).doesNotContain(s);
    }

    @Test
    void verifyWithSigner_acceptsTheOwnersCertificate_andRefusesAnyOther() throws Exception {
        Path ownerCrt = Path.of(f.owner.toString().replaceAll("\\.p12$", ".crt"));
        GfctlRunner.Result ok = GfctlRunner.run("-o", "json", "verify", "--signer", ownerCrt.toString(),
                shielded.toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(JSON.readTree(ok.out()).get("signerChecked").asBoolean()).isTrue();
        GfctlRunner.Result unchecked = GfctlRunner.run("verify", shielded.toString());
        assertThat(unchecked.out()).contains("not checked against a certificate you trust");

        Path other = java.nio.file.Files.createDirectories(dir.resolve("other"));
        Fixtures stranger = Fixtures.create(other, "ecp384");
        Path strangerCrt = Path.of(stranger.owner.toString().replaceAll("\\.p12$", ".crt"));
        GfctlRunner.Result refused = GfctlRunner.run("verify", "--signer", strangerCrt.toString(), shielded.toString());
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(4);
        assertThat(refused.err()).contains("none of the 1 --signer certificate(s) given");
    }
}
