package org.gfctl.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.KeyRefusedException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.UsageException;
import org.gfctl.core.secret.Secret;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerKeysTest {
    @TempDir
    Path dir;

    @Test
    void rsaOwner_isRsa3072_withSha384SelfSignedCert_forEncipherment() throws Exception {
        OwnerKey key = TestOwners.key(KeyType.RSA3072);
        X509Certificate cert = key.certificate();
        assertThat(((RSAPrivateKey) key.privateKey()).getModulus().bitLength()).isEqualTo(3072);
        assertThat(cert.getSigAlgName()).isEqualTo("SHA384withRSA");
        assertThat(cert.getKeyUsage()).startsWith(true, false, true, false, false);
        assertSelfSignedV3For10Years(cert);
        assertThat(key.subject()).isEqualTo("CN=tenant rsa3072,O=gfctl test");
    }

    @Test
    void ecOwner_isP384_withSha384SelfSignedCert_forKeyAgreement() throws Exception {
        OwnerKey key = TestOwners.key(KeyType.ECP384);
        X509Certificate cert = key.certificate();
        assertThat(((ECPrivateKey) key.privateKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(384);
        assertThat(cert.getSigAlgName()).isEqualTo("SHA384withECDSA");
        assertThat(cert.getKeyUsage()).startsWith(true, false, false, false, true);
        assertSelfSignedV3For10Years(cert);
    }

    private static void assertSelfSignedV3For10Years(X509Certificate cert) throws Exception {
        cert.verify(cert.getPublicKey());
        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getExtensionValue("2.5.29.14")).as("subjectKeyIdentifier").isNotNull();
        Duration validity = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
        assertThat(validity.toDays()).isBetween(3652L, 3654L);
    }

    @Test
    void keyStore_isCreatedOwnerOnly() throws Exception {
        Path p12 = TestOwners.p12(KeyType.ECP384);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p12))).isEqualTo("rw-------");
        try (var files = Files.list(p12.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void existingFile_isNeverOverwritten_unlessReplacingIsAsked() throws Exception {
        Path out = dir.resolve("owner.p12");
        Files.writeString(out, "precious");
        X500Principal subject = new X500Principal("CN=x");
        try (Secret pw = TestOwners.password()) {
            assertThatThrownBy(() -> OwnerKeys.create(KeyType.ECP384, subject, pw, out))
                    .isInstanceOf(UsageException.class).hasMessageContaining("already exists");
            assertThat(Files.readString(out)).isEqualTo("precious");
            OwnerKeys.createReplacing(KeyType.ECP384, subject, pw, out);
            assertThat(OwnerKeys.load(out, pw).subject()).isEqualTo("CN=x");
        }
    }

    @Test
    void wrongPassword_isRefused_withoutEchoingIt() {
        try (Secret wrong = Secret.copyOf("not-the-password".getBytes())) {
            assertThatThrownBy(() -> OwnerKeys.load(TestOwners.p12(KeyType.RSA3072), wrong))
                    .isInstanceOf(KeyRefusedException.class)
                    .hasMessageContaining("wrong password")
                    .hasMessageNotContaining("not-the-password");
        }
    }

    @Test
    void missingOrForeignFile_isReportedAsSuch() throws Exception {
        Path garbage = Files.write(dir.resolve("garbage.p12"), new byte[] {0x30, 0x03, 1, 2, 3});
        try (Secret pw = TestOwners.password()) {
            assertThatThrownBy(() -> OwnerKeys.load(dir.resolve("none.p12"), pw))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("does not exist");
            assertThatThrownBy(() -> OwnerKeys.load(garbage, pw))
                    .isInstanceOf(InvalidFormatException.class).hasMessageContaining("not a PKCS#12");
        }
    }

    @Test
    void openssl3_readsTheKeyStore_withoutLegacyProvider() {
        String openssl = Tools.require("openssl", "openssl");
        for (KeyType type : KeyType.values()) {
            Path p12 = TestOwners.p12(type);
            Path pw = TestOwners.passwordFile(dir);
            Processes.Result r = Processes.run(openssl, "pkcs12", "-info", "-nodes", "-in", p12.toString(),
                    "-passin", "file:" + pw).requireSuccess();
            assertThat(r.stdout()).contains("-----BEGIN PRIVATE KEY-----", "-----BEGIN CERTIFICATE-----");
            assertThat(r.stderr()).contains("PBES2", "AES-256-CBC");
        }
    }

    @Test
    void keyTypes_parseFromTheirCliNames() {
        assertThat(List.of(KeyType.parse("rsa3072"), KeyType.parse("ecp384")))
                .containsExactly(KeyType.RSA3072, KeyType.ECP384);
        assertThatThrownBy(() -> KeyType.parse("dsa")).hasMessage("key type must be one of rsa3072, ecp384, not dsa");
    }
}
