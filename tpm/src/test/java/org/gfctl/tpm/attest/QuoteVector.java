package org.gfctl.tpm.attest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.gfctl.tpm.key.TpmPublic;
import org.gfctl.tpm.pcr.PcrSelection;
import org.gfctl.tpm.pcr.PcrValues;

/** The tpm2-tools RSA quote vector under {@code vectors/tpm2-tools-quote-rsa} (see its README). */
final class QuoteVector {
    static final PcrSelection PCRS = PcrSelection.of(0, 7, 16);
    static final String AK_NAME = "000b2e9124731266313c9036f97b5ce99e9bf4e087c7e2cff51a7a472b8279216afe";

    private QuoteVector() {}

    static TpmPublic ak() {
        return TpmPublic.parseTpm2b(read("ak.pub"));
    }

    static byte[] nonce() {
        return read("nonce.bin");
    }

    static Quote quote() {
        return Quote.create(read("quote.msg"), read("quote.sig"), PcrValues.fromConcatenated(PCRS, read("quote.pcrs")));
    }

    static byte[] read(String file) {
        String path = "/vectors/tpm2-tools-quote-rsa/" + file;
        try (InputStream in = QuoteVector.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("test vector " + path + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
