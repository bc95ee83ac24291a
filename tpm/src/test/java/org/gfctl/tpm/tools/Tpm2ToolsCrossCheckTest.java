package org.gfctl.tpm.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.gfctl.testing.Processes;
import org.gfctl.testing.Swtpm;
import org.gfctl.testing.SwtpmExtension;
import org.gfctl.testing.Tools;
import org.gfctl.tpm.attest.Attest;
import org.gfctl.tpm.attest.Quote;
import org.gfctl.tpm.attest.QuoteVerifier;
import org.gfctl.tpm.attest.Quoter;
import org.gfctl.tpm.device.TpmDevices;
import org.gfctl.tpm.device.TpmSpec;
import org.gfctl.tpm.identity.AkAlgorithm;
import org.gfctl.tpm.identity.AkKey;
import org.gfctl.tpm.identity.AttestationKeys;
import org.gfctl.tpm.identity.CredentialActivator;
import org.gfctl.tpm.identity.CredentialChallenge;
import org.gfctl.tpm.identity.EndorsementKey;
import org.gfctl.tpm.key.LoadedKey;
import org.gfctl.tpm.key.Srk;
import org.gfctl.tpm.key.TpmPublic;
import org.gfctl.tpm.pcr.PcrSelection;
import org.gfctl.tpm.pcr.PcrValues;
import org.gfctl.tpm.pcr.Pcrs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tss.Tpm;

/**
 * tpm2-tools as the oracle, in both directions: credentials made by one side activate on the
 * other, and quotes made by one side verify on the other.
 *
 * <p>swtpm serves one connection at a time, so the Java connection is closed before a tool runs.
 * Keys the tools need are made persistent (swtpm_setup already persists the EK at 0x81010001).
 */
@ExtendWith(SwtpmExtension.class)
class Tpm2ToolsCrossCheckTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SWTPM_EK = 0x81010001;
    private static final int AK_HANDLE = 0x81000002;
    private static final int TPM2_TOOLS_CREDENTIAL_MAGIC = 0xBADCC0DE;
    private static final PcrSelection PCRS = PcrSelection.of(0, 7, 16);

    @Test
    void tpm2MakecredentialOutput_activatesThroughGfctl(Swtpm swtpm, @TempDir Path dir) throws Exception {
        String makecredential = Tools.require("tpm2_makecredential", "tpm2-tools");
        AkKey ak;
        TpmPublic ekPublic;
        try (Tpm tpm = open(swtpm)) {
            ak = newAk(tpm);
            ekPublic = EndorsementKey.identify(tpm).ekPublic();
        }
        byte[] secret = random(32);
        Files.write(dir.resolve("ek.pub"), ekPublic.tpm2bBytes());
        Files.write(dir.resolve("secret.bin"), secret);
        run(dir, makecredential, "-T", "none", "-u", "ek.pub", "-s", "secret.bin", "-n",
                HexFormat.of().formatHex(ak.name()), "-o", "cred.out");
        CredentialChallenge challenge = readCredentialFile(Files.readAllBytes(dir.resolve("cred.out")));
        try (Tpm tpm = open(swtpm)) {
            LoadedKey loadedAk;
            try (LoadedKey srk = Srk.create(tpm)) {
                loadedAk = ak.load(tpm, srk);
            }
            try (loadedAk; LoadedKey ek = EndorsementKey.createRsa(tpm)) {
                assertThat(CredentialActivator.activate(tpm, ek, loadedAk, challenge)).isEqualTo(secret);
            }
        }
    }

    @Test
    void gfctlChallenge_activatesWithTpm2Activatecredential(Swtpm swtpm, @TempDir Path dir) throws Exception {
        String startauthsession = Tools.require("tpm2_startauthsession", "tpm2-tools");
        String policysecret = Tools.require("tpm2_policysecret", "tpm2-tools");
        String activatecredential = Tools.require("tpm2_activatecredential", "tpm2-tools");
        String flushcontext = Tools.require("tpm2_flushcontext", "tpm2-tools");
        AkKey ak;
        TpmPublic ekPublic;
        try (Tpm tpm = open(swtpm)) {
            ak = newAk(tpm);
            persist(tpm, ak);
            ekPublic = EndorsementKey.identify(tpm).ekPublic();
            assertThat(LoadedKey.persistent(tpm, SWTPM_EK).publicArea()).as("swtpm's persisted EK").isEqualTo(ekPublic);
        }
        byte[] secret = random(32);
        CredentialChallenge challenge = CredentialChallenge.create(ekPublic, ak.name(), secret);
        Files.write(dir.resolve("cred.in"), credentialFile(challenge));
        String tcti = tcti(swtpm);
        try {
            run(dir, startauthsession, "-T", tcti, "--policy-session", "-S", "session.ctx");
            run(dir, policysecret, "-T", tcti, "-S", "session.ctx", "-c", "e");
            run(dir, activatecredential, "-T", tcti, "-c", hex(AK_HANDLE), "-C", hex(SWTPM_EK), "-i", "cred.in",
                    "-o", "secret.out", "-P", "session:session.ctx");
            run(dir, flushcontext, "-T", tcti, "session.ctx");
            assertThat(Files.readAllBytes(dir.resolve("secret.out"))).isEqualTo(secret);
        } finally {
            try (Tpm tpm = open(swtpm)) {
                LoadedKey.evict(tpm, AK_HANDLE);
            }
        }
    }

    @Test
    void gfctlQuote_passesTpm2Checkquote(Swtpm swtpm, @TempDir Path dir) throws Exception {
        String checkquote = Tools.require("tpm2_checkquote", "tpm2-tools");
        byte[] nonce = random(32);
        AkKey ak;
        Quote quote;
        try (Tpm tpm = open(swtpm)) {
            ak = newAk(tpm);
            Pcrs.extend(tpm, 16, random(32));
            LoadedKey loaded;
            try (LoadedKey srk = Srk.create(tpm)) {
                loaded = ak.load(tpm, srk);
            }
            try (loaded) {
                quote = Quoter.quote(tpm, loaded, PCRS, nonce);
            }
        }
        Files.writeString(dir.resolve("ak.pem"), pem(ak.publicArea()));
        Files.write(dir.resolve("quote.msg"), quote.attest());
        Files.write(dir.resolve("quote.sig"), quote.signature());
        Files.write(dir.resolve("quote.pcrs"), quote.pcrs().concatenated());
        run(dir, checkquote, "-u", "ak.pem", "-m", "quote.msg", "-s", "quote.sig", "-f", "quote.pcrs",
                "-l", PCRS.toString(), "-g", "sha256", "-q", HexFormat.of().formatHex(nonce));

        byte[] otherNonce = random(32);
        Processes.Result refused = Processes.run(dir, null, List.of(checkquote, "-u", "ak.pem", "-m", "quote.msg",
                "-s", "quote.sig", "-f", "quote.pcrs", "-l", PCRS.toString(), "-g", "sha256", "-q",
                HexFormat.of().formatHex(otherNonce)));
        assertThat(refused.exitCode()).as("tpm2_checkquote with another nonce").isNotZero();
    }

    @Test
    void tpm2Quote_passesGfctlVerifier(Swtpm swtpm, @TempDir Path dir) throws Exception {
        String quoteTool = Tools.require("tpm2_quote", "tpm2-tools");
        byte[] nonce = random(32);
        AkKey ak;
        try (Tpm tpm = open(swtpm)) {
            ak = newAk(tpm);
            persist(tpm, ak);
        }
        try {
            run(dir, quoteTool, "-T", tcti(swtpm), "-c", hex(AK_HANDLE), "-l", PCRS.toString(), "-q",
                    HexFormat.of().formatHex(nonce), "-m", "quote.msg", "-s", "quote.sig", "-o", "quote.pcrs",
                    "-F", "values", "-g", "sha256");
        } finally {
            try (Tpm tpm = open(swtpm)) {
                LoadedKey.evict(tpm, AK_HANDLE);
            }
        }
        Quote quote = Quote.create(Files.readAllBytes(dir.resolve("quote.msg")),
                Files.readAllBytes(dir.resolve("quote.sig")),
                PcrValues.fromConcatenated(PCRS, Files.readAllBytes(dir.resolve("quote.pcrs"))));
        Attest attest = QuoteVerifier.forAk(ak.publicArea()).verify(quote, nonce);
        assertThat(attest.extraData()).isEqualTo(nonce);
    }

    private static AkKey newAk(Tpm tpm) {
        try (LoadedKey srk = Srk.create(tpm)) {
            return AttestationKeys.create(tpm, srk, AkAlgorithm.RSA_2048);
        }
    }

    private static void persist(Tpm tpm, AkKey ak) {
        LoadedKey.evict(tpm, AK_HANDLE);
        LoadedKey loaded;
        try (LoadedKey srk = Srk.create(tpm)) {
            loaded = ak.load(tpm, srk);
        }
        try (loaded) {
            loaded.persist(AK_HANDLE);
        }
    }

    /** tpm2-tools' credential file: magic 0xBADCC0DE, version 1, TPM2B_ID_OBJECT, TPM2B_ENCRYPTED_SECRET. */
    private static byte[] credentialFile(CredentialChallenge challenge) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).putInt(TPM2_TOOLS_CREDENTIAL_MAGIC).putInt(1).array());
        out.writeBytes(challenge.idObject());
        out.writeBytes(challenge.encryptedSecret());
        return out.toByteArray();
    }

    private static CredentialChallenge readCredentialFile(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file);
        assertThat(b.getInt()).isEqualTo(TPM2_TOOLS_CREDENTIAL_MAGIC);
        assertThat(b.getInt()).isEqualTo(1);
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int start = b.position();
            int size = Short.toUnsignedInt(b.getShort());
            b.position(b.position() + size);
            parts.add(Arrays.copyOfRange(file, start, b.position()));
        }
        assertThat(b.hasRemaining()).isFalse();
        return CredentialChallenge.parse(parts.get(0), parts.get(1));
    }

    private static String pem(TpmPublic key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(key.publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static void run(Path dir, String... command) {
        Processes.run(dir, null, List.of(command)).requireSuccess();
    }

    private static Tpm open(Swtpm swtpm) {
        return TpmDevices.open(TpmSpec.parse(swtpm.spec()));
    }

    private static String tcti(Swtpm swtpm) {
        return "swtpm:host=127.0.0.1,port=" + swtpm.port();
    }

    private static String hex(int handle) {
        return String.format("0x%08x", handle);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
