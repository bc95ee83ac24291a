package org.gfctl.cli.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gfctl.cli.GfctlRunner;
import org.gfctl.testing.Processes;
import org.gfctl.testing.SoftHsm;
import org.gfctl.testing.SoftHsmExtension;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fabric init --pkcs11} on SoftHSM2: keys generated on the token and never extractable,
 * nothing secret in the fabric home, PIN sources, and every token failure a clear message with its
 * exit code and without the PIN.
 */
@ExtendWith(SoftHsmExtension.class)
class FabricPkcs11Test {
    @TempDir
    Path dir;

    @Test
    void initOnToken_generatesSensitiveNonExtractableKeys_andWritesNoKeyFile(SoftHsm hsm) throws Exception {
        TokenGfctl gfctl = new TokenGfctl(hsm);
        SoftHsm.Token token = hsm.createToken("fabric-a");
        Path home = dir.resolve("home");
        Processes.Result init = gfctl.expect(0, "--home", home.toString(), "-o", "json", "fabric", "init", "--pkcs11",
                token.config().toString(), "--pin-file", token.pinFile().toString());
        assertThat(init.stdout()).contains("\"keys\"").contains("PKCS#11 token of " + token.config());

        try (Stream<Path> files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("guardian.p12", "guardian.password")
                    .contains("fabric.properties");
        }
        String properties = Files.readString(home.resolve("fabric.properties"));
        assertThat(properties).contains("guardian.keys=pkcs11").contains("guardian.pkcs11.config=" + token.config())
                .contains("guardian.pkcs11.pinFile=" + token.pinFile());
        assertNoFileContains(home, token.pin());

        // The JCA handles of all three keys give nothing away: no encoding, token objects, sensitive, unextractable.
        Processes.Result probe = gfctl.java(Map.of(), TokenKeyProbe.class.getName(), token.config().toString(),
                token.pinFile().toString()).requireSuccess();
        assertThat(probe.stdout()).contains("aliases [gfctl-attestation-ca, gfctl-audit, gfctl-guardian]");
        assertThat(probe.stdout().lines().filter(l -> !l.startsWith("aliases"))).hasSize(3).allSatisfy(l -> assertThat(l)
                .contains("encoded=null format=null").contains("token object, sensitive, unextractable"));

        // The token itself says so (p11tool reads the PKCS#11 attributes).
        String p11tool = Tools.require("p11tool", "gnutls-bin");
        String objects = Processes.run(null, null, hsm.environment(), List.of(p11tool, "--provider",
                SoftHsm.LIBRARY.toString(), "--list-all", "--login", "--set-pin", token.pin(),
                "pkcs11:token=" + token.label())).requireSuccess().stdout();
        List<String> privateKeys = objects.lines().filter(l -> l.contains("Flags:")).toList();
        assertThat(privateKeys).hasSize(3).allSatisfy(l -> assertThat(l).contains("CKA_SENSITIVE")
                .contains("CKA_NEVER_EXTRACTABLE").contains("CKA_PRIVATE"));
        assertThat(objects).contains("Label: gfctl-guardian").contains("Label: gfctl-attestation-ca")
                .contains("Label: gfctl-audit").contains("Private key (RSA-3072)").contains("ECDSA-SECP384R1");

        // Certificates and the token-signed audit log work; a second fabric may not take over the token.
        Path certs = Files.createDirectories(dir.resolve("certs"));
        gfctl.expect(0, "--home", home.toString(), "fabric", "export-certs", "--out", certs.toString());
        assertThat(certs.resolve("guardian.crt")).exists();
        gfctl.expect(0, "--home", home.toString(), "audit", "verify");
        Processes.Result second = gfctl.expect(1, "--home", dir.resolve("home2").toString(), "fabric", "init",
                "--pkcs11", token.config().toString(), "--pin-file", token.pinFile().toString());
        assertThat(second.stderr()).contains("already holds gfctl keys").contains("--force");
        assertThat(dir.resolve("home2").resolve("fabric.properties")).doesNotExist();
    }

    @Test
    void pinFromEnvironment_isNeverStored_andLaterCommandsAskForIt(SoftHsm hsm) throws Exception {
        TokenGfctl gfctl = new TokenGfctl(hsm);
        SoftHsm.Token token = hsm.createToken("fabric-env");
        Path home = dir.resolve("home");
        Map<String, String> pin = Map.of("GFCTL_PKCS11_PIN", token.pin());
        gfctl.expect(0, pin, "--home", home.toString(), "fabric", "init", "--pkcs11", token.config().toString());
        assertThat(Files.readString(home.resolve("fabric.properties"))).doesNotContain("pinFile");
        assertNoFileContains(home, token.pin());

        Processes.Result noPin = gfctl.expect(6, "--home", home.toString(), "audit", "verify");
        assertThat(noPin.stderr()).contains("GFCTL_PKCS11_PIN").contains("--pin-file");
        gfctl.expect(0, pin, "--home", home.toString(), "audit", "verify");
        Processes.Result wrong = gfctl.expect(6, Map.of("GFCTL_PKCS11_PIN", "not-" + token.pin()), "-v", "--home",
                home.toString(), "audit", "verify");
        assertThat(wrong.stderr()).contains("wrong PIN");
        assertThat(wrong.stderr() + wrong.stdout()).doesNotContain(token.pin());
    }

    @Test
    void tokenFailures_sayWhatToDo_withTheirExitCodes_andNeverThePin(SoftHsm hsm) throws Exception {
        TokenGfctl gfctl = new TokenGfctl(hsm);
        SoftHsm.Token token = hsm.createToken("fabric-err");
        SoftHsm.Token empty = hsm.createToken("empty");
        List<Processes.Result> all = new ArrayList<>();
        Path home = dir.resolve("home");

        Path badPin = Files.writeString(dir.resolve("bad.pin"), "x" + token.pin() + "\n");
        Processes.Result wrongPin = gfctl.expect(6, "-v", "--home", home.toString(), "fabric", "init", "--pkcs11",
                token.config().toString(), "--pin-file", badPin.toString());
        assertThat(wrongPin.stderr()).contains("wrong PIN for the token of " + token.config());
        assertThat(home.resolve("fabric.properties")).doesNotExist();
        all.add(wrongPin);

        Path noLibrary = Files.writeString(dir.resolve("nolib.cfg"),
                "name = nolib\nlibrary = /usr/lib/nonexistent/libpkcs11.so\nslot = " + token.slot() + "\n");
        Processes.Result lib = gfctl.expect(5, "-v", "--home", home.toString(), "fabric", "init", "--pkcs11",
                noLibrary.toString(), "--pin-file", token.pinFile().toString());
        assertThat(lib.stderr()).contains("/usr/lib/nonexistent/libpkcs11.so").contains("does not exist");
        all.add(lib);

        Path noSlot = Files.writeString(dir.resolve("noslot.cfg"),
                "name = noslot\nlibrary = " + SoftHsm.LIBRARY + "\nslot = 4242\n");
        Processes.Result slot = gfctl.expect(5, "-v", "--home", home.toString(), "fabric", "init", "--pkcs11",
                noSlot.toString(), "--pin-file", token.pinFile().toString());
        assertThat(slot.stderr()).contains("no token").contains("slot");
        all.add(slot);

        Path byLabel = Files.writeString(dir.resolve("label.cfg"),
                "name = label\nlibrary = " + SoftHsm.LIBRARY + "\ntokenLabel = " + token.label() + "\n");
        Processes.Result label = gfctl.expect(2, "--home", home.toString(), "fabric", "init", "--pkcs11",
                byLabel.toString(), "--pin-file", token.pinFile().toString());
        assertThat(label.stderr()).contains("tokenLabel").contains("slot");
        all.add(label);

        all.add(gfctl.expect(5, "--home", home.toString(), "fabric", "init", "--pkcs11",
                dir.resolve("missing.cfg").toString(), "--pin-file", token.pinFile().toString()));
        GfctlRunner.Result pinWithoutToken = GfctlRunner.run("--home", home.toString(), "fabric", "init", "--pin-file",
                token.pinFile().toString());
        assertThat(pinWithoutToken.exitCode()).isEqualTo(2);
        assertThat(home.resolve("fabric.properties")).doesNotExist();

        // A fabric whose token lost its keys (here: pointed at an empty token) says which key is missing.
        gfctl.expect(0, "--home", home.toString(), "fabric", "init", "--pkcs11", token.config().toString(),
                "--pin-file", token.pinFile().toString());
        Path props = home.resolve("fabric.properties");
        Files.writeString(props, Files.readString(props)
                .replace(token.config().toString(), empty.config().toString())
                .replace(token.pinFile().toString(), empty.pinFile().toString()));
        Processes.Result missingKey = gfctl.expect(5, "-v", "--home", home.toString(), "fabric", "export-certs", "--out",
                dir.toString());
        assertThat(missingKey.stderr()).contains("has no 'gfctl-").contains("fabric init --pkcs11");
        all.add(missingKey);

        for (Processes.Result r : all) {
            assertThat(r.stdout() + r.stderr()).doesNotContain(token.pin()).doesNotContain(empty.pin());
        }
    }

    private static void assertNoFileContains(Path home, String secret) throws Exception {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(content).as(f.toString()).doesNotContain(new String(needle, StandardCharsets.ISO_8859_1));
            }
        }
    }
}
