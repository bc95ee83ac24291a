package org.gfctl.cli.fabric;

import java.nio.file.Path;
import org.gfctl.core.guardian.GuardianKeys;
import org.gfctl.core.guardian.KeyEntry;
import org.gfctl.core.guardian.TokenGuardianKeyStore;
import org.gfctl.core.keys.Passwords;
import org.gfctl.core.pkcs11.Pkcs11Token;
import org.gfctl.core.secret.Secret;

/**
 * Child-process probe: loads the guardian keys from a token as gfctl does and prints, per key, what
 * the JCA handle gives away: {@code ALIAS encoded=null format=null ...toString}.
 */
public final class TokenKeyProbe {
    private TokenKeyProbe() {}

    public static void main(String[] args) {
        try (Secret pin = Passwords.readFirstLine(Passwords.PIN, Path.of(args[1]));
                TokenGuardianKeyStore store = new TokenGuardianKeyStore(Pkcs11Token.open(Path.of(args[0]), pin))) {
            System.out.println("aliases " + store.gfctlAliases());
            GuardianKeys keys = store.load();
            print(GuardianKeys.ENCRYPTION, keys.encryption());
            print(GuardianKeys.ATTESTATION_CA, keys.attestationCa());
            print(GuardianKeys.AUDIT, keys.audit());
            keys.retired().forEach(TokenKeyProbe::print);
        }
    }

    private static void print(String alias, KeyEntry e) {
        System.out.println(alias + " encoded=" + e.privateKey().getEncoded() + " format=" + e.privateKey().getFormat()
                + " " + e.privateKey());
    }
}
