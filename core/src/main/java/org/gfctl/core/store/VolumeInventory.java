package org.gfctl.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.gfctl.core.ExitCode;
import org.gfctl.core.GfctlException;

/** The {@code volumes} table: shielded images known to the fabric. */
public final class VolumeInventory {
    private final Connection c;

    VolumeInventory(Connection c) {
        this.c = c;
    }

    /** Inserts or replaces the record for {@code v.uuid()}. */
    public void record(VolumeRecord v) {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM volumes WHERE uuid = ?");
                PreparedStatement ins = c.prepareStatement("INSERT INTO volumes (uuid, name, image_path, cipher, key_bits,"
                        + " image_size, merkle_root, signer, recipients, release_policy, created_at, rotated_at, verified_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                del.setString(1, v.uuid());
                del.executeUpdate();
                ins.setString(1, v.uuid());
                ins.setString(2, v.name());
                ins.setString(3, v.imagePath());
                ins.setString(4, v.cipher());
                ins.setInt(5, v.keyBits());
                ins.setLong(6, v.imageSize());
                ins.setString(7, v.merkleRoot());
                ins.setString(8, v.signer());
                ins.setString(9, String.join("\n", v.recipients()));
                ins.setString(10, v.releasePolicy());
                ins.setString(11, v.createdAt().toString());
                ins.setString(12, v.rotatedAt() == null ? null : v.rotatedAt().toString());
                ins.setString(13, v.verifiedAt() == null ? null : v.verifiedAt().toString());
                ins.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new GfctlException(ExitCode.FAILURE, "recording volume " + v.uuid() + " in the store failed: " + e.getMessage(), e);
        }
    }

    /**
     * Records a key rotation of volume {@code uuid}, if it is inventoried: where the image now is,
     * its manifest root, signer and recipients, and the rotation time. Returns whether it was.
     */
    public boolean recordRotation(String uuid, String imagePath, String merkleRoot, String signer, List<String> recipients,
            Instant when) {
        Optional<VolumeRecord> v = find(uuid);
        v.ifPresent(old -> record(new VolumeRecord(old.uuid(), old.name(), imagePath, old.cipher(), old.keyBits(),
                old.imageSize(), merkleRoot, signer, recipients, old.releasePolicy(), old.createdAt(), when,
                old.verifiedAt())));
        return v.isPresent();
    }

    /** Marks a volume as verified now (for "volumes not verified in 30 days" evidence). */
    public void markVerified(String uuid, Instant when) {
        update("UPDATE volumes SET verified_at = ? WHERE uuid = ?", when.toString(), uuid);
    }

    public Optional<VolumeRecord> find(String uuid) {
        List<VolumeRecord> r = query("SELECT * FROM volumes WHERE uuid = ?", uuid);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    public List<VolumeRecord> list() {
        return query("SELECT * FROM volumes ORDER BY created_at, uuid");
    }

    private void update(String sql, String... args) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new GfctlException(ExitCode.FAILURE, "updating the volume inventory failed: " + e.getMessage(), e);
        }
    }

    private List<VolumeRecord> query(String sql, String... args) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<VolumeRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new VolumeRecord(rs.getString("uuid"), rs.getString("name"), rs.getString("image_path"),
                            rs.getString("cipher"), rs.getInt("key_bits"), rs.getLong("image_size"),
                            rs.getString("merkle_root"), rs.getString("signer"),
                            Arrays.asList(rs.getString("recipients").split("\n")), rs.getString("release_policy"),
                            instant(rs.getString("created_at")), instant(rs.getString("rotated_at")),
                            instant(rs.getString("verified_at"))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new GfctlException(ExitCode.FAILURE, "reading the volume inventory failed: " + e.getMessage(), e);
        }
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
