package org.gfctl.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.UsageException;
import org.gfctl.core.secret.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordsTest {
    private static final PasswordPrompt TYPED = m -> Optional.of(Secret.copyOf(utf8("typed")));

    @TempDir
    Path dir;

    @Test
    void passwordFile_winsOverEnvAndPrompt_firstLineWithoutLineEnding() throws Exception {
        Path f = Files.writeString(dir.resolve("pw"), "s3cret\r\nsecond line\n");
        try (Secret s = Passwords.read(f, Map.of(Passwords.ENV, "env"), TYPED)) {
            assertThat(s.bytes()).isEqualTo(utf8("s3cret"));
        }
    }

    @Test
    void environment_isUsedWithoutFile_thenPrompt() {
        try (Secret s = Passwords.read(null, Map.of(Passwords.ENV, "from env"), TYPED)) {
            assertThat(s.bytes()).isEqualTo(utf8("from env"));
        }
        try (Secret s = Passwords.read(null, Map.of(), TYPED)) {
            assertThat(s.bytes()).isEqualTo(utf8("typed"));
        }
    }

    @Test
    void noSource_saysHowToGiveOne() {
        assertThatThrownBy(() -> Passwords.read(null, Map.of(), PasswordPrompt.none()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--password-file FILE").hasMessageContaining("GFCTL_PASSWORD");
    }

    @Test
    void missingOrEmptyFile_isAnError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> Passwords.read(dir.resolve("none"), Map.of(), TYPED))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> Passwords.read(empty, Map.of(), TYPED))
                .isInstanceOf(UsageException.class).hasMessageContaining("is empty");
    }

    @Test
    void tokenPin_followsTheSameOrder_withItsOwnFileOptionAndVariable() throws Exception {
        Path f = Files.writeString(dir.resolve("pin"), "1234\n");
        Map<String, String> env = Map.of(Passwords.PIN_ENV, "from env", Passwords.ENV, "a password");
        try (Secret s = Passwords.read(Passwords.PIN, f, env, TYPED)) {
            assertThat(s.bytes()).isEqualTo(utf8("1234"));
        }
        try (Secret s = Passwords.read(Passwords.PIN, null, env, TYPED)) {
            assertThat(s.bytes()).isEqualTo(utf8("from env"));
        }
        try (Secret s = Passwords.read(Passwords.PIN, null, Map.of(Passwords.ENV, "a password"), TYPED)) {
            assertThat(s.bytes()).isEqualTo(utf8("typed"));
        }
        assertThatThrownBy(() -> Passwords.read(Passwords.PIN, null, Map.of(), PasswordPrompt.none()))
                .isInstanceOf(UsageException.class).hasMessageContaining("token PIN")
                .hasMessageContaining("--pin-file FILE").hasMessageContaining("GFCTL_PKCS11_PIN");
        assertThatThrownBy(() -> Passwords.read(Passwords.PIN, dir.resolve("none"), Map.of(), TYPED))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("PIN file");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aConfirmedPrompt_asksTwice_andRefusesDifferentAnswers() {
        java.util.Iterator<String> answers = java.util.List.of("first", "first", "first", "frist").iterator();
        java.util.List<String> asked = new java.util.ArrayList<>();
        PasswordPrompt typed = PasswordPrompt.confirmed(m -> {
            asked.add(m);
            return Optional.of(Secret.copyOf(utf8(answers.next())));
        });
        try (Secret s = Passwords.read(null, Map.of(), typed)) {
            assertThat(s.bytes()).isEqualTo(utf8("first"));
        }
        assertThat(asked).hasSize(2);
        assertThatThrownBy(() -> Passwords.read(null, Map.of(), typed)).isInstanceOf(UsageException.class)
                .hasMessageContaining("differ").hasMessageNotContaining("frist");
        assertThat(PasswordPrompt.confirmed(PasswordPrompt.none()).ask("Key password: ")).isEmpty();
    }
}
