package org.gfctl.core.guardian;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.Certificate;
import java.security.spec.AlgorithmParameterSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.NotFoundException;
import org.gfctl.core.pkcs11.Pkcs11Token;

/**
 * The guardian keys on a PKCS#11 token: generated there, used there, never exported.
 *
 * <p>Each key is a private-key object with its certificate object, both named by the alias
 * {@value #PREFIX} + the {@link GuardianKeys} alias ({@code gfctl-guardian}, {@code
 * gfctl-attestation-ca}, {@code gfctl-audit}, {@code gfctl-guardian-retired-<time>}): the
 * certificate's CKA_LABEL and both objects' CKA_ID, as the JDK's PKCS11 key store writes them. The
 * prefix keeps gfctl's objects apart from other applications' on a shared token; one fabric per
 * token. Retiring a key renames its objects (the key store updates a token key in place), so the
 * key itself never moves.
 */
public final class TokenGuardianKeyStore implements GuardianKeyStore {
    /** Alias prefix of gfctl's objects on a token. */
    public static final String PREFIX = "gfctl-";
    private final Pkcs11Token token;

    public TokenGuardianKeyStore(Pkcs11Token token) {
        this.token = token;
    }

    @Override
    public GuardianKeys.KeyMaker keyMaker() {
        return new GuardianKeys.KeyMaker() {
            @Override
            public KeyPair generate(String algorithm, AlgorithmParameterSpec spec) {
                return token.generate(algorithm, spec);
            }

            @Override
            public Provider provider() {
                return token.provider();
            }
        };
    }

    /** The aliases of gfctl's objects on the token (empty for a token no fabric uses yet). */
    public List<String> gfctlAliases() {
        try {
            List<String> all = new ArrayList<>();
            for (String a : Collections.list(token.keyStore().aliases())) {
                if (a.startsWith(PREFIX)) {
                    all.add(a);
                }
            }
            Collections.sort(all);
            return all;
        } catch (GeneralSecurityException e) {
            throw failure("list the objects", e);
        }
    }

    @Override
    public GuardianKeys load() {
        try {
            return GuardianKeys.fromKeyStore(token.keyStore(), null, PREFIX, token.provider(), alias ->
                    new NotFoundException("the token of " + token.config() + " has no '" + alias + "' key and"
                            + " certificate: is this the token 'gfctl fabric init --pkcs11' used? (p11tool --list-all"
                            + " --login shows its objects)"));
        } catch (GeneralSecurityException e) {
            throw failure("read the guardian keys", e);
        }
    }

    @Override
    public void save(GuardianKeys keys) {
        Map<String, KeyEntry> wanted = new LinkedHashMap<>();
        // Retired aliases first: renaming the old encryption key frees "guardian" for the new one.
        keys.retired().forEach((alias, e) -> wanted.put(PREFIX + alias, e));
        wanted.put(PREFIX + GuardianKeys.ENCRYPTION, keys.encryption());
        wanted.put(PREFIX + GuardianKeys.ATTESTATION_CA, keys.attestationCa());
        wanted.put(PREFIX + GuardianKeys.AUDIT, keys.audit());
        KeyStore ks = token.keyStore();
        try {
            for (var w : wanted.entrySet()) {
                KeyEntry e = w.getValue();
                if (e.provider() != token.provider()) {
                    throw new IllegalArgumentException(e + " is not a key of the token of " + token.config());
                }
                if (!e.certificate().equals(ks.getCertificate(w.getKey()))) {
                    ks.setKeyEntry(w.getKey(), e.privateKey(), null, new Certificate[] {e.certificate()});
                }
            }
            for (String alias : gfctlAliases()) {
                if (!wanted.containsKey(alias)) {
                    ks.deleteEntry(alias);
                }
            }
        } catch (GeneralSecurityException e) {
            throw failure("store the guardian keys", e);
        }
    }

    /** Deletes every gfctl object from the token (fabric init --force on a token another fabric used). */
    public void deleteAll() {
        try {
            for (String alias : gfctlAliases()) {
                token.keyStore().deleteEntry(alias);
            }
        } catch (GeneralSecurityException e) {
            throw failure("delete the old guardian keys", e);
        }
    }

    @Override
    public String describe() {
        return "PKCS#11 token of " + token.config();
    }

    @Override
    public void close() {
        token.close();
    }

    private GfctlException failure(String what, Exception e) {
        return new GfctlException(ExitCode.FAILURE, "cannot " + what + " on the token of " + token.config() + ": "
                + e.getMessage(), e);
    }
}
