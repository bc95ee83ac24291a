package org.gfctl.core.guardian;

/**
 * What a host sends to enroll: its name and group, its EK certificate and EK public area, and the
 * public area of the attestation key it just created (TPM2B_PUBLIC encodings).
 */
public record EnrollmentRequest(String hostName, String group, byte[] ekCertificate, byte[] ekPublic, byte[] akPublic) {}
