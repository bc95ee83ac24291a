package org.gfctl.core.guardian;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.gfctl.core.Bug;
import org.gfctl.core.InvalidFormatException;

/** Evidence as JSON (binary fields base64), as stored for re-verification and sent over the wire. */
public final class EvidenceCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvidenceCodec() {}

    public static byte[] encode(AttestationEvidence e) {
        try {
            return JSON.writeValueAsBytes(e);
        } catch (JsonProcessingException x) {
            throw new Bug("attestation evidence always serializes", x);
        }
    }

    public static AttestationEvidence decode(byte[] json) {
        try {
            return JSON.readValue(json, AttestationEvidence.class);
        } catch (IOException x) {
            throw new InvalidFormatException("stored evidence is not readable (" + x.getMessage() + "): "
                    + new String(json, 0, Math.min(40, json.length), StandardCharsets.UTF_8));
        }
    }
}
