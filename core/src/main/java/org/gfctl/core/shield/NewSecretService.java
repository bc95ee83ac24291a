package org.gfctl.core.shield;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.gfctl.core.IntegrityException;
import org.gfctl.core.keyprotector.KeyProtector;
import org.gfctl.core.keyprotector.SignedBy;
import org.gfctl.core.luks.LuksKeyslots;
import org.gfctl.core.luks.LuksVolume;
import org.gfctl.core.secret.Secret;

/**
 * {@code rotate-key --new-secret}: a new random unlock secret in a free keyslot, the old keyslot
 * wiped as cryptsetup's {@code luksKillSlot} does, and a key protector re-issued for the new
 * header digest and manifest leaf 0.
 *
 * <p>This revokes a leaked unlock secret: the volume key stays (so no payload byte is rewritten
 * and the cost does not grow with the image), but the old secret no longer opens any keyslot. It
 * does not help if the volume key itself leaked (a host that ran the VM had it in memory): that
 * needs {@link ReencryptService}. Writes go through a {@link HeaderJournal}, so a crash at any
 * moment is finished by rerunning the same command (docs/rotation.md).
 */
public final class NewSecretService {

    private NewSecretService() {}

    public static RotationResult newSecret(RotationRequest r) {
        long start = System.nanoTime();
        Path kpFile = r.kpFile();
        RotationAccess.requireNoJournal(r.image(), "rotate-key --new-secret");
        if (Files.exists(HeaderJournal.path(r.image()))) {
            return finish(r, kpFile, start);
        }
        RotationAccess.Checked<byte[]> checked = RotationAccess.checked(kpFile, r, k -> {
            try (ShieldedImage image = ShieldedImage.open(r.image())) {
                image.requireMatches(k, kpFile);
                return Arrays.copyOf(image.headerRegion(), (int) image.payloadOffset());
            }
        });
        KeyProtector kp = checked.kp();
        byte[] region = checked.value();
        List<X509Certificate> recipients = RotationAccess.recipients(kp, r);
        int wiped;
        int slot;
        KeyProtector next;
        try (Secret old = kp.unwrap(r.owner().key().privateKey(), r.owner().key().certificate());
                LuksVolume volume = LuksVolume.open(region, old);
                Secret fresh = Secret.newUnlockSecret()) {
            wiped = volume.keyslot();
            slot = LuksKeyslots.addPassphrase(region, volume.volumeKey(), fresh, ShieldService.PBKDF2_ITERATIONS);
            LuksKeyslots.wipe(region, wiped);
            next = KeyProtector.create(fresh, recipients, RotationAccess.withHeader(kp.metadata(), region, null),
                    RotationAccess.signer(r.owner()));
        }
        HeaderJournal.write(r.image(), region, next);
        HeaderJournal.apply(r.image(), kpFile, region, next);
        return RotationAccess.result("new-secret", next, r.image(), kpFile, r.owner(), slot, wiped, 0, false,
                start);
    }

    /** Finishes an interrupted rotation from its journal, after checking who signed it and what it holds. */
    private static RotationResult finish(RotationRequest r, Path kpFile, long start) {
        HeaderJournal.Entry j = HeaderJournal.read(r.image());
        SignedBy by = j.kp().verifySignature();
        Path journal = HeaderJournal.path(r.image());
        UnshieldService.requireRecipient(j.kp(), r.owner(), journal);
        UnshieldService.requireTrustedSigner(by, r.owner(), journal);
        if (!RotationAccess.describes(j.kp(), j.region())) {
            throw new IntegrityException(journal + ": its header region is not the one its key protector signed");
        }
        try {
            if (Files.size(r.image()) != j.kp().metadata().imageSize()) {
                throw new IntegrityException(journal + " is for an image of " + j.kp().metadata().imageSize()
                        + " bytes; " + r.image() + " has " + Files.size(r.image()));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (!ReencryptJournal.imageUuid(r.image()).equals(j.kp().metadata().volumeUuid().toString())) {
            throw new IntegrityException(journal + " is for volume " + j.kp().metadata().volumeUuid() + ", not for "
                    + r.image());
        }
        int slot;
        try (Secret fresh = j.kp().unwrap(r.owner().key().privateKey(), r.owner().key().certificate());
                LuksVolume volume = LuksVolume.open(j.region(), fresh)) {
            slot = volume.keyslot();
        }
        HeaderJournal.apply(r.image(), kpFile, j.region(), j.kp());
        return RotationAccess.result("new-secret", j.kp(), r.image(), kpFile, r.owner(), slot, -1, 0, true, start);
    }
}
