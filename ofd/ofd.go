// Package ofd reads, verifies, stamps and renders OFD documents
// (GB/T 33190-2016) signed with GB/T 38540 / GM/T 0031 electronic seals.
//
// Verify checks every signature of a package; Stamp writes a new package
// with one more seal signature; Package.RenderPage draws a page for preview;
// WriteLetter writes a short official document. Cores take io.ReaderAt and
// io.Writer; StampFile is the thin file wrapper.
//
// An OFD file is a zip package. Read opens it in memory, never on disk, with
// limits that refuse zip bombs (file count, per-file and total uncompressed
// size, compression ratio) and names that could escape a folder (absolute,
// "..", backslash, drive letters). Its XML is read with encoding/xml, which
// expands no entities beyond XML's five; a DOCTYPE is refused outright, so no
// entity declaration is ever seen.
//
// What a seal signs in OFD (GB/T 33190 §18, GB/T 38540 §7.2): each
// Signature.xml lists References (package paths with a digest, computed with
// the References' CheckMethod, SM3 in practice) and names a SignedValue file
// holding an SES_Signature whose dataHash is the SM3 digest of the
// Signature.xml bytes. Signatures.xml, the list of signatures, is covered by
// none of them: that is what lets a second stamp leave the first valid
// (ofdrw's "continue" signing). A file present in the package but covered by
// no signature was added after signing; Verify reports it.
//
// The trap: paths in OFD are either package-absolute ("/Doc_0/Document.xml")
// or relative to the file that names them, and vendors mix both; zip names
// never start with "/". Every path goes through resolve.
package ofd
