package org.gfctl.core.store;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;
import org.gfctl.core.keys.Certificates;

/**
 * The {@code trusted_tpm_cas} table: TPM vendor root and intermediate CAs (HGS's TrustedTPM_RootCA
 * and TrustedTPM_IntermediateCA stores in one table).
 */
public final class TrustedTpmCas {
    private final Connection c;

    TrustedTpmCas(Connection c) {
        this.c = c;
    }

    /** Adds {@code ca}; adding the same certificate again changes nothing. Returns whether it was new. */
    public boolean add(X509Certificate ca) {
        String fp = Certificates.fingerprint(ca);
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM trusted_tpm_cas WHERE fingerprint = ?")) {
            q.setString(1, fp);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO trusted_tpm_cas (fingerprint, subject, der, added_at) VALUES (?, ?, ?, ?)")) {
                ins.setString(1, fp);
                ins.setString(2, Certificates.subject(ca));
                ins.setBytes(3, ca.getEncoded());
                ins.setString(4, Instant.now().toString());
                ins.executeUpdate();
            }
            return true;
        } catch (SQLException | CertificateEncodingException e) {
            throw new GfctlException(ExitCode.FAILURE, "storing the TPM CA " + fp + " failed: " + e.getMessage(), e);
        }
    }

    public List<X509Certificate> list() {
        try (PreparedStatement q = c.prepareStatement("SELECT der FROM trusted_tpm_cas ORDER BY added_at, fingerprint");
                ResultSet rs = q.executeQuery()) {
            List<X509Certificate> out = new ArrayList<>();
            while (rs.next()) {
                out.add(Certificates.parse(rs.getBytes(1)));
            }
            return out;
        } catch (SQLException e) {
            throw new GfctlException(ExitCode.FAILURE, "reading trusted TPM CAs failed: " + e.getMessage(), e);
        }
    }
}
