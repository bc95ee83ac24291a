package org.gfctl.core.luks;

import org.gfctl.core.KeyRefusedException;

/** No active LUKS keyslot opens with the given passphrase (exit 6). */
public final class PassphraseRefusedException extends KeyRefusedException {
    private static final long serialVersionUID = 1L;

    public PassphraseRefusedException(String message) {
        super(message);
    }
}
