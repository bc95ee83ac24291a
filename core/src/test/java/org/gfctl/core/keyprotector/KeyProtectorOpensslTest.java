package org.gfctl.core.keyprotector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gfctl.core.keys.KeyType;
import org.gfctl.core.keys.OwnerKey;
import org.gfctl.core.keys.TestOwners;
import org.gfctl.core.secret.Secret;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recovery promise of docs/key-protector.md, checked with the real OpenSSL 3: an owner gets
 * the unlock secret out with {@code openssl cms -decrypt}, and anyone checks the metadata
 * signature with {@code openssl cms -verify}. The command lines are the documented ones.
 */
class KeyProtectorOpensslTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void opensslDecrypt_printsTheUnlockSecret_forTheOwnerKeyExportedFromPkcs12(KeyType type) throws Exception {
        String openssl = Tools.require("openssl", "openssl");
        OwnerKey owner = TestOwners.key(type);
        OwnerKey other = TestOwners.key(type == KeyType.RSA3072 ? KeyType.ECP384 : KeyType.RSA3072);
        Path p12 = TestOwners.p12(type);
        Path pw = TestOwners.passwordFile(dir);
        try (Secret secret = Secret.newUnlockSecret()) {
            KeyProtector.create(secret, List.of(other.certificate(), owner.certificate()), TestMetadata.create(),
                    Signer.create(owner.privateKey(), owner.certificate())).write(dir.resolve("vm.kp"));

            run(openssl, "pkcs12", "-in", p12.toString(), "-passin", "file:" + pw, "-nocerts", "-nodes", "-out", "owner.key");
            run(openssl, "pkcs12", "-in", p12.toString(), "-passin", "file:" + pw, "-clcerts", "-nokeys", "-out", "owner.crt");
            Processes.Result decrypted = run(openssl, "cms", "-decrypt", "-inform", "PEM", "-in", "vm.kp",
                    "-recip", "owner.crt", "-inkey", "owner.key");

            assertThat(decrypted.stdout()).isEqualTo(new String(secret.bytes(), StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void opensslVerify_acceptsBlock2_andPrintsTheCanonicalMetadata(KeyType type) throws Exception {
        String openssl = Tools.require("openssl", "openssl");
        String awk = Tools.require("awk", "mawk");
        OwnerKey signer = TestOwners.key(type);
        KeyProtector kp;
        try (Secret secret = Secret.newUnlockSecret()) {
            kp = KeyProtector.create(secret, List.of(signer.certificate()), TestMetadata.create(),
                    Signer.create(signer.privateKey(), signer.certificate()));
        }
        kp.write(dir.resolve("vm.kp"));

        Processes.run(dir, null, List.of("sh", "-c", awk + " '/-----BEGIN /{n++} n==2' vm.kp > metadata.pem"))
                .requireSuccess();
        Processes.Result verified = run(openssl, "cms", "-verify", "-noverify", "-inform", "PEM", "-in", "metadata.pem");

        assertThat(verified.stderr()).contains("Verification successful");
        assertThat(verified.stdout()).startsWith("{\"formatVersion\":2,\"volumeUuid\":\"" + TestMetadata.VOLUME + "\","
                + "\"volumeName\":\"web-frontend-01\",\"cipher\":\"aes-xts-plain64\",\"keyBits\":512,"
                + "\"luksHeaderSha256\":\"" + "a".repeat(64) + "\",\"payloadOffset\":4096,\"imageSize\":3149824,"
                + "\"releasePolicy\":\"default\",\"created\":\"2026-01-02T03:04:05Z\",\"recipients\":[{\"subject\":\""
                + signer.subject() + "\",\"sha256\":\"" + signer.fingerprint() + "\"}],\"envelopeSha256\":\"")
                .contains("\"integrity\":{\"chunkSize\":1048576,\"leafCount\":3,\"merkleRoot\":\""
                        + kp.metadata().integrity().rootHex() + "\",\"headerLeaf\":\""
                        + java.util.HexFormat.of().formatHex(kp.metadata().integrity().headerLeaf()) + "\",\"headerPath\":[\"")
                .endsWith("\"]}}");

        String pem = Files.readString(dir.resolve("metadata.pem"));
        Files.writeString(dir.resolve("tampered.pem"), tamperContent(pem));
        Processes.Result tampered = Processes.run(dir, null,
                List.of(openssl, "cms", "-verify", "-noverify", "-inform", "PEM", "-in", "tampered.pem"));
        assertThat(tampered.exitCode()).isNotZero();
    }

    /** The block with one character of the volume name changed (base64 re-encoded). */
    private static String tamperContent(String pem) {
        String b64 = pem.replaceAll("-----(BEGIN|END) CMS-----|\\s", "");
        byte[] der = java.util.Base64.getDecoder().decode(b64);
        String latin = new String(der, StandardCharsets.ISO_8859_1);
        der[latin.indexOf(TestMetadata.VOLUME_NAME)] = 'W';
        return "-----BEGIN CMS-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CMS-----\n";
    }

    private Processes.Result run(String... command) {
        return Processes.run(dir, null, List.of(command)).requireSuccess();
    }
}
