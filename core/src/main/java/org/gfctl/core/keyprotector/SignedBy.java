package org.gfctl.core.keyprotector;

import java.security.cert.X509Certificate;

/**
 * Who signed a key protector's metadata: the signer certificate carried in the signature, with
 * its subject DN and SHA-256 fingerprint.
 *
 * <p>A valid signature proves only that the holder of this certificate's key signed; whether that
 * holder is the expected owner or a trusted guardian is for the caller to decide, by comparing
 * the fingerprint with the certificates it trusts.
 */
public record SignedBy(String subject, String sha256, X509Certificate certificate) {}
