package app

import (
	"errors"

	"sealdesk/assets"
	"sealdesk/device"
)

// Error is a refusal or failure a person must read. Code is a key of the
// message catalog in package assets ("err.<code>"); Args fill its verbs.
type Error struct {
	Code string
	Args []any
	Err  error // the underlying cause, if any
}

func (e *Error) Error() string {
	return "app: " + assets.T(assets.LangEN, "err."+e.Code, localArgs(e.Args, assets.LangEN)...)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is lets errors.Is(err, &Error{Code: "x"}) match on the code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && t.Args == nil
}

// Codes the faces name: they compare an error's code with these (never with
// a literal) and sealctl maps them to exit codes. Every code, named here or
// not, is a catalog key "err.<code>" in zh-CN and en
// (TestErrorCodesHaveMessages).
const (
	CodeBadArgument  = "bad_argument"
	CodeOutMissing   = "out_missing"
	CodeOutExists    = "out_exists"
	CodeOutFolder    = "out_folder"
	CodeNotFolder    = "not_folder"
	CodeFileMissing  = "file_missing"
	CodeFileRead     = "file_read"
	CodeFileWrite    = "file_write"
	CodeNotRegular   = "not_regular"
	CodeTooLarge     = "too_large"
	CodeUnreadable   = "unreadable"
	CodeNotPDF       = "not_pdf"
	CodeNotDocument  = "not_document"
	CodePDFDamaged   = "pdf_damaged"
	CodePDFEncrypted = "pdf_encrypted"
	CodeWorkspace    = "workspace_missing"
	CodeKeyURI       = "key_uri"
	CodePINLocked    = "pin_locked"
	CodeRole         = "role"
	CodeCopyQR       = "copy_qr"
	CodeCopyMismatch = "copy_mismatch"
	CodeLedgerBroken = "ledger_broken"
	CodeInternal     = "internal"
	CodeSignFailed   = "sign_failed"
	CodeNoToken      = "no_token"
	CodePINIncorrect = "pin_incorrect"
	CodePINFinal     = "pin_final"
	CodePINUnknown   = "pin_incorrect_unknown"
	CodeModuleLoad   = "module_load"
	// The workspace's workstation secret is in the OS keyring, which does
	// not give it now (hostkeys.go); its second argument says why.
	CodeHostSecretKeyring = "host_secret_keyring"
	// The workspace's keys are sealed under a workstation secret this OS
	// account does not have (hostkeys.go).
	CodeHostSecretMissing = "host_secret_missing"

	CodePageList              = "page_list"
	CodeSeamPages             = "seam_pages"
	CodeSealPictureUndrawable = "seal_picture_undrawable"
	// Input errors that a face words for its own input: sealctl names its
	// flags (cliArgument), the desktop its fields; app names neither.
	CodePrintDestination = "print_destination"
	CodeSealIDAlphabet   = "seal_id_alphabet"
)

// BadInput reports whether err is about the input itself (a missing or
// unreadable file, a file that is not what it claims, a malformed argument)
// rather than a refusal by the rules or a failure: sealctl exits 2 for these,
// 1 for the rest.
func BadInput(err error) bool { return badInput[Code(err)] }

var badInput = map[string]bool{
	CodeNotPDF: true, CodeNotDocument: true, CodePDFDamaged: true, CodePDFEncrypted: true, CodeFileMissing: true, CodeFileRead: true,
	CodeUnreadable: true, CodeBadArgument: true, CodeOutMissing: true, CodeOutExists: true, CodeOutFolder: true, CodeNotFolder: true, "out_dir": true, CodeWorkspace: true, CodeKeyURI: true,
	CodeNotRegular: true, CodeTooLarge: true, CodeKeywordEmpty: true,
	CodePrintDestination: true, CodeSealIDAlphabet: true, CodeModuleLoad: true,
	// A file that is not what it claims to be (issue 11: garbage named like one).
	"seal_unreadable": true, "seal_cert_unreadable": true, "seal_key_unreadable": true, "trust_file": true, "witness_unreadable": true,
}

// NewError returns an *Error for the faces (ui, sealctl) to report problems of
// their own input in the same catalog as the workflow's.
func NewError(code string, cause error, args ...any) *Error { return errf(code, cause, args...) }

func errf(code string, cause error, args ...any) *Error {
	return &Error{Code: code, Args: args, Err: cause}
}

// Code returns the code of an *Error in err's chain, or "".
func Code(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if e := rowError(err); e != nil {
		return e.Code
	}
	return ""
}

// Message renders err for a person in lang: catalog text for our errors and the
// device errors, the plain text otherwise.
func Message(err error, lang string) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return assets.T(lang, "err."+e.Code, localArgs(e.Args, lang)...)
	}
	if e := deviceError(err); e != nil {
		return assets.T(lang, "err."+e.Code, e.Args...)
	}
	if e := rowError(err); e != nil {
		return assets.T(lang, "err."+e.Code, e.Args...)
	}
	return assets.T(lang, "err."+CodeInternal, err)
}

// word is an argument that is a catalog key itself (what kind of file a
// path is), said in the reader's language like the message around it.
type word string

// certText is an argument that is a certificate check's English text
// (describechain.go), said in the reader's language where its shape is known.
type certText string

// localArgs renders the arguments that are our errors themselves (a batch's
// document refused for its own reason) and the words in lang too.
func localArgs(args []any, lang string) []any {
	out := args
	for i, a := range args {
		var s string
		switch a := a.(type) {
		case error:
			if Code(a) == "" {
				continue
			}
			s = Message(a, lang)
		case word:
			s = assets.T(lang, string(a))
		case certText:
			s = describeCert(string(a), lang)
		default:
			continue
		}
		if &out[0] == &args[0] {
			out = append([]any(nil), args...)
		}
		out[i] = s
	}
	return out
}

// deviceError turns the device package's errors into ours.
func deviceError(err error) *Error {
	var pe *device.PINError
	var le *device.LoadError
	if e := userFileError(err); e != nil { // a module path that names no library file
		return e
	}
	switch {
	case errors.As(err, &le):
		return errf(CodeModuleLoad, err, le.Path)
	case errors.As(err, &pe) && pe.TriesLeft == device.TriesUnknown:
		return errf(CodePINUnknown, err)
	case errors.As(err, &pe) && pe.TriesLeft == 1:
		return errf(CodePINFinal, err)
	case errors.As(err, &pe):
		return errf(CodePINIncorrect, err, pe.TriesLeft)
	case errors.Is(err, device.ErrPINLocked):
		return errf(CodePINLocked, err)
	case errors.Is(err, device.ErrPINPolicy):
		return errf("pin_policy", err, err)
	case errors.Is(err, device.ErrNoToken):
		return errf(CodeNoToken, err, err)
	case errors.Is(err, device.ErrCounterTampered):
		return errf("key_counter_tampered", err)
	case errors.Is(err, device.ErrCounterForeign):
		return errf("key_counter_foreign", err)
	case errors.Is(err, device.ErrNoCounterKey):
		return errf("key_counter_unchecked", err)
	}
	return nil
}

// wrapDevice returns err as an *Error when it is one of the device's, else a signing failure.
func wrapDevice(err error) *Error {
	if e := deviceError(err); e != nil {
		return e
	}
	return errf(CodeSignFailed, err, err)
}
