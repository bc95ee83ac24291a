package org.gfctl.core.pkcs11;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import org.gfctl.core.GfctlException;
import org.gfctl.core.ExitCode;
import org.gfctl.core.InvalidFormatException;
import org.gfctl.core.KeyRefusedException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.UsageException;
import org.gfctl.core.secret.Secret;

/**
 * A PKCS#11 token opened through the JDK's SunPKCS11 provider and logged in with its user PIN.
 *
 * <p>The configuration file is SunPKCS11's own ({@code name}, {@code library}, {@code slot} or
 * {@code slotListIndex}; JDK 17 "PKCS#11 Reference Guide"). gfctl appends attribute templates so
 * that every key pair it generates is a <em>token object</em> (it persists, and the PKCS11 key
 * store can label it) whose private key is {@code CKA_SENSITIVE} and not {@code CKA_EXTRACTABLE}:
 * the token performs every operation with it and never hands it out, not even wrapped (PKCS#11
 * v2.40 §4.9). Errors say what to fix (library, slot, PIN) with the exit code of the DESIGN.md
 * table; they never contain the PIN.
 */
public final class Pkcs11Token implements AutoCloseable {
    /** Generated private keys: token objects, sensitive, never extractable. */
    static final String GENERATE_TEMPLATES = String.join("\n",
            "attributes(generate, CKO_PRIVATE_KEY, *) = {",
            "  CKA_TOKEN = true",
            "  CKA_PRIVATE = true",
            "  CKA_SENSITIVE = true",
            "  CKA_EXTRACTABLE = false",
            "}",
            "");
    private static final Pattern LIBRARY = Pattern.compile("(?m)^\\s*library\\s*=\\s*(\\S+)\\s*$");
    private static final Pattern TOKEN_LABEL = Pattern.compile("(?m)^\\s*tokenLabel\\s*=");
    private final Path config;
    private final Provider provider;
    private final KeyStore keyStore;

    private Pkcs11Token(Path config, Provider provider, KeyStore keyStore) {
        this.config = config;
        this.provider = provider;
        this.keyStore = keyStore;
    }

    /** Loads the token's library as {@code config} says and logs in with {@code pin}. */
    public static Pkcs11Token open(Path config, Secret pin) {
        String text = read(config);
        if (TOKEN_LABEL.matcher(text).find()) {
            throw new UsageException(config + ": SunPKCS11 (JDK 17) does not select a token by tokenLabel; use"
                    + " 'slot = ID' (see softhsm2-util --show-slots or p11tool --list-tokens) or 'slotListIndex = N'");
        }
        Matcher lib = LIBRARY.matcher(text);
        if (lib.find() && !lib.group(1).contains("$") && !Files.exists(Path.of(lib.group(1)))) {
            throw new NotFoundException("the PKCS#11 library " + lib.group(1) + " named in " + config + " does not"
                    + " exist: install the token's PKCS#11 module (SoftHSM2: apt-get install softhsm2) or fix 'library'");
        }
        Provider provider = configure(config, text);
        KeyStore ks;
        char[] chars = pin.toChars();
        try {
            ks = KeyStore.getInstance("PKCS11", provider);
            ks.load(null, chars);
        } catch (IOException e) {
            throw loginFailure(config, e);
        } catch (GeneralSecurityException | java.security.ProviderException e) {
            throw new GfctlException(ExitCode.FAILURE, "cannot open the PKCS#11 key store of the token of " + config
                    + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(chars, '\0');
        }
        return new Pkcs11Token(config, provider, ks);
    }

    public Path config() {
        return config;
    }

    /** The SunPKCS11 provider of this token: give it every private-key operation. */
    public Provider provider() {
        return provider;
    }

    /** The token's key store: certificates labelled by alias, private keys as handles. */
    public KeyStore keyStore() {
        return keyStore;
    }

    /** A key pair generated on the token; the private key is a sensitive, non-extractable token object. */
    public KeyPair generate(String algorithm, AlgorithmParameterSpec spec) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm, provider);
            g.initialize(spec);
            return g.generateKeyPair();
        } catch (GeneralSecurityException | java.security.ProviderException e) {
            throw new GfctlException(ExitCode.FAILURE, "the token of " + config + " cannot generate a " + algorithm
                    + " key pair (" + e.getMessage() + "): it must support " + algorithm + " key generation", e);
        }
    }

    /** Logs out of the token (PKCS#11 login state belongs to the whole process). */
    @Override
    public void close() {
        try {
            ((AuthProvider) provider).logout();
        } catch (LoginException | RuntimeException e) {
            // Already logged out, or the token is gone: nothing left to close.
        }
    }

    @Override
    public String toString() {
        return "Pkcs11Token[" + config + ", " + provider.getName() + "]";
    }

    private static String read(Path config) {
        try {
            return Files.readString(config, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("PKCS#11 configuration " + config + " does not exist");
        } catch (IOException e) {
            throw new GfctlException(ExitCode.FAILURE, "cannot read PKCS#11 configuration " + config + ": "
                    + e.getMessage(), e);
        }
    }

    private static Provider configure(Path config, String text) {
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new GfctlException(ExitCode.FAILURE, "this Java runtime has no SunPKCS11 provider"
                    + " (module jdk.crypto.cryptoki): use a full JDK 17 runtime");
        }
        try {
            return base.configure("--" + text + "\n" + GENERATE_TEMPLATES);
        } catch (java.security.ProviderException | java.security.InvalidParameterException e) {
            String why = rootMessage(e);
            if (why.contains("does not exist")) {
                throw new NotFoundException("the PKCS#11 library named in " + config + " does not exist (" + why
                        + "): install the token's PKCS#11 module or fix 'library'");
            }
            if (why.contains("CKR_SLOT_ID_INVALID") || why.contains("CKR_TOKEN_NOT_RECOGNIZED")
                    || why.contains("CKR_TOKEN_NOT_PRESENT") || why.contains("slotListIndex")) {
                throw new NotFoundException("no token in the slot " + config + " names (" + why + "): check 'slot' or"
                        + " 'slotListIndex' (softhsm2-util --show-slots, p11tool --list-tokens)");
            }
            throw new InvalidFormatException("cannot use PKCS#11 configuration " + config + ": " + why, e);
        }
    }

    private static GfctlException loginFailure(Path config, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("CKR_PIN_LOCKED")) {
                return new KeyRefusedException("the user PIN of the token of " + config + " is locked: its security"
                        + " officer must reset it", e);
            }
            if (t instanceof FailedLoginException || m.contains("CKR_PIN_INCORRECT") || m.contains("CKR_PIN_LEN_RANGE")) {
                return new KeyRefusedException("wrong PIN for the token of " + config + ": check --pin-file or "
                        + "GFCTL_PKCS11_PIN", e);
            }
        }
        return new KeyRefusedException("cannot log in to the token of " + config + ": " + rootMessage(e), e);
    }

    private static String rootMessage(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && b.indexOf(t.getMessage()) < 0) {
                b.append(b.length() == 0 ? "" : ": ").append(t.getMessage());
            }
        }
        return b.toString();
    }
}
