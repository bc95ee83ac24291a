package org.gfctl.tpm.device;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a TPM is: {@code device:/dev/tpmrm0}, {@code swtpm:HOST:PORT} or {@code mssim:HOST:PORT}.
 *
 * <p>swtpm's socket mode speaks raw TPM command bytes; the Microsoft simulator ({@code mssim})
 * wraps them in its own framing and needs a platform port (PORT+1) for power and locality.
 */
public final class TpmSpec {

    /** The transport to the TPM. */
    public enum Kind { DEVICE, SWTPM, MSSIM }

    private final Kind kind;
    private final Path device;
    private final String host;
    private final int port;

    private TpmSpec(Kind kind, Path device, String host, int port) {
        this.kind = kind;
        this.device = device;
        this.host = host;
        this.port = port;
    }

    /** Parses a spec string; the error says which part is wrong and what forms are accepted. */
    public static TpmSpec parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        int colon = spec.indexOf(':');
        if (colon < 0) {
            throw invalid(spec, "missing the 'KIND:' prefix");
        }
        String kind = spec.substring(0, colon);
        String rest = spec.substring(colon + 1);
        switch (kind) {
            case "device" -> {
                if (!rest.startsWith("/")) {
                    throw invalid(spec, "the device must be an absolute path such as /dev/tpmrm0");
                }
                return new TpmSpec(Kind.DEVICE, Path.of(rest), null, 0);
            }
            case "swtpm", "mssim" -> {
                int last = rest.lastIndexOf(':');
                if (last <= 0 || last == rest.length() - 1) {
                    throw invalid(spec, "expected HOST:PORT after '" + kind + ":'");
                }
                String host = rest.substring(0, last);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                int port;
                try {
                    port = Integer.parseInt(rest.substring(last + 1));
                } catch (NumberFormatException e) {
                    throw invalid(spec, "port '" + rest.substring(last + 1) + "' is not a number");
                }
                if (port < 1 || port > 65535) {
                    throw invalid(spec, "port " + port + " is outside 1..65535");
                }
                return new TpmSpec(kind.equals("swtpm") ? Kind.SWTPM : Kind.MSSIM, null, host, port);
            }
            default -> throw invalid(spec, "unknown kind '" + kind + "'");
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The character device, for {@link Kind#DEVICE}. */
    public Path device() {
        return device;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case DEVICE -> "device:" + device;
            case SWTPM -> "swtpm:" + hostForUri() + ":" + port;
            case MSSIM -> "mssim:" + hostForUri() + ":" + port;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TpmSpec t && t.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    private String hostForUri() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static InvalidTpmSpecException invalid(String spec, String why) {
        return new InvalidTpmSpecException("invalid TPM spec '" + spec + "': " + why
                + " (use device:/dev/tpmrm0, swtpm:HOST:PORT or mssim:HOST:PORT)");
    }
}
