package org.gfctl.core.guardian;

/**
 * The guardian's MakeCredential answer: only the TPM holding both the EK and the AK can recover
 * the secret inside (TPM 2.0 Part 1 §24), proving the AK lives next to a certified EK.
 */
public record EnrollmentChallenge(String id, byte[] idObject, byte[] encryptedSecret) {}
