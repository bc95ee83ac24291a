package org.gfctl.cli.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.DiskImages;
import org.gfctl.testing.Processes;
import org.gfctl.testing.SoftHsm;
import org.gfctl.testing.SoftHsmExtension;
import org.gfctl.testing.Swtpm;
import org.gfctl.testing.SwtpmExtension;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guarded-fabric flow with the guardian's keys on a SoftHSM2 token and the host on swtpm: the
 * token opens the guardian's key-protector recipient for key release, signs health certificates,
 * released key protectors and audit checkpoints, and rotates the guardian key in place; the
 * owner's recipient still opens with {@code openssl cms -decrypt}.
 */
@ExtendWith({SoftHsmExtension.class, SwtpmExtension.class})
class FabricPkcs11KeyReleaseTest {
    @TempDir
    Path dir;

    @Test
    void tokenGuardian_releasesToHealthyHost_signsAudit_andRotatesOnTheToken(SoftHsm hsm, Swtpm swtpm) throws Exception {
        TokenGfctl gfctl = new TokenGfctl(hsm);
        SoftHsm.Token token = hsm.createToken("guardian");
        String home = dir.resolve("home").toString();
        gfctl.expect(0, "--home", home, "fabric", "init", "--pkcs11", token.config().toString(), "--pin-file",
                token.pinFile().toString());
        gfctl.expect(0, "--home", home, "fabric", "trust-tpm-ca", swtpm.caRootPem().toString());
        gfctl.expect(0, "--home", home, "fabric", "trust-tpm-ca", swtpm.caIntermediatePem().toString());
        Path pw = Files.writeString(dir.resolve("pw"), "owner password\n");
        Path owner = dir.resolve("owner.p12");
        GfctlRunner.Result ownerInit = GfctlRunner.run("owner", "init", "--out", owner.toString(), "--password-file",
                pw.toString());
        assertThat(ownerInit.exitCode()).as(ownerInit.err()).isZero();
        Path image = DiskImages.generate(dir.resolve("vm.raw"), 3 * DiskImages.EXTENT, DiskImages.Layout.MIXED, 31);
        Path shielded = dir.resolve("vm.luks");
        gfctl.expect(0, "--home", home, "shield-vm", "--in", image.toString(), "--out", shielded.toString(), "--owner",
                owner.toString(), "--password-file", pw.toString());
        // Shielded for an owner of whom the fabric holds only the certificate: the token's guardian key signs.
        Path forTenant = dir.resolve("tenant.luks");
        Processes.Result tenant = gfctl.expect(0, "--home", home, "shield-vm", "--in", image.toString(), "--out",
                forTenant.toString(), "--owner", dir.resolve("owner.crt").toString());
        String signedBy = tenant.stdout() + tenant.stderr();
        assertThat(signedBy).contains("CN=gfctl guardian");

        gfctl.expect(0, "--home", home, "host", "enroll", "--tpm", swtpm.spec(), "--name", "node1", "--group", "gold",
                "--baseline");
        Path health = dir.resolve("health.pem");
        gfctl.expect(0, "--home", home, "attest", "--tpm", swtpm.spec(), "--host", "node1", "--bind-pcrs", "--out",
                health.toString());
        releaseAndUnshield(gfctl, home, shielded, health, swtpm, image, "1");
        releaseAndUnshield(gfctl, home, forTenant, health, swtpm, image, "2");

        // The owner's recipient of a key protector made for the token guardian opens with OpenSSL alone.
        String openssl = Tools.require("openssl", "openssl");
        Path key = dir.resolve("owner.key");
        Processes.run(openssl, "pkcs12", "-in", owner.toString(), "-passin", "file:" + pw, "-nocerts", "-nodes",
                "-out", key.toString()).requireSuccess();
        Path secret = dir.resolve("unlock.secret");
        Processes.run(null, null, List.of("sh", "-c", "'" + openssl + "' cms -decrypt -inform PEM -in '" + shielded
                + ".kp' -recip '" + dir.resolve("owner.crt") + "' -inkey '" + key + "' > '" + secret + "'"))
                .requireSuccess();
        Processes.run(Tools.require("cryptsetup", "cryptsetup-bin"), "open", "--test-passphrase", "--key-file",
                secret.toString(), shielded.toString()).requireSuccess();

        // Audit checkpoints were signed on the token, and verify with the exported audit certificate.
        gfctl.expect(0, "--home", home, "audit", "verify");
        Path certs = Files.createDirectories(dir.resolve("certs"));
        gfctl.expect(0, "--home", home, "fabric", "export-certs", "--out", certs.toString());
        gfctl.expect(0, "--home", home, "audit", "verify", "--cert", certs.resolve("audit.crt").toString());

        // rotate-guardian: a new key generated on the token, both key protectors rewrapped, the old key deleted.
        Processes.Result rotation = gfctl.expect(0, "--home", home, "fabric", "rotate-guardian");
        String rotated = rotation.stdout() + rotation.stderr();
        assertThat(rotated).contains("rewrapped").contains("Old key retired").doesNotContain("failed");
        Processes.Result probe = gfctl.java(Map.of(), TokenKeyProbe.class.getName(), token.config().toString(),
                token.pinFile().toString()).requireSuccess();
        assertThat(probe.stdout()).contains("aliases [gfctl-attestation-ca, gfctl-audit, gfctl-guardian]");
        releaseAndUnshield(gfctl, home, shielded, health, swtpm, image, "3");
        releaseAndUnshield(gfctl, home, forTenant, health, swtpm, image, "4");
        Path newCerts = Files.createDirectories(dir.resolve("new-certs"));
        gfctl.expect(0, "--home", home, "fabric", "export-certs", "--out", newCerts.toString());
        assertThat(Files.readString(newCerts.resolve("guardian.crt"))).isNotEqualTo(
                Files.readString(certs.resolve("guardian.crt")));
        assertThat(Files.readString(newCerts.resolve("audit.crt"))).isEqualTo(Files.readString(certs.resolve("audit.crt")));
        gfctl.expect(0, "--home", home, "audit", "verify");
    }

    private void releaseAndUnshield(TokenGfctl gfctl, String home, Path shielded, Path health, Swtpm swtpm, Path image,
            String n) throws Exception {
        Path released = dir.resolve("released-" + n + ".kp");
        gfctl.expect(0, "--home", home, "key", "release", "--in", shielded.toString(), "--health", health.toString(),
                "--out", released.toString());
        Path out = dir.resolve("vm-" + n + ".out");
        gfctl.expect(0, "--home", home, "unshield", "--in", shielded.toString(), "--out", out.toString(), "--tpm",
                swtpm.spec(), "--released", released.toString());
        assertThat(sha256(out)).isEqualTo(sha256(image));
        Files.delete(out);
    }

    private static String sha256(Path p) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(p)));
    }
}
