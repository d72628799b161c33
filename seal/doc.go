// Package seal makes and reads electronic seals: seal pictures, GB/T 38540 /
// GM/T 0031 seal data and document signatures, signed and verified with SM2.
//
// Seal data (SESeal) is read by Parse and made by Make; document signatures
// (SES_Signature) are read by ParseSignature. Readers accept the departures
// from DER that real vendor files show and note each in a Quirks list; they
// always verify over the bytes as received. Versions are told apart by
// structure, never by the header's version number: GM/T 0031 ("V1") seals have
// two fields, GB/T 38540 ("V4") seals four, and ofdrw's variant with a
// timestamp five.
//
// The package takes a crypto.Signer and certificates, never a device. An SM2
// signer is called as signer.Sign(rand, message, sm2.DefaultSM2SignerOpts)
// with the message itself, as gmsm's *sm2.PrivateKey is: it computes Z with
// the default user ID 1234567812345678 and returns DER SEQUENCE{r, s}.
package seal
