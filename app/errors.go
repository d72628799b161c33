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
	return "app: " + assets.T(assets.LangEN, "err."+e.Code, e.Args...)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is lets errors.Is(err, &Error{Code: "x"}) match on the code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && t.Args == nil
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
		return assets.T(lang, "err."+e.Code, e.Args...)
	}
	if e := deviceError(err); e != nil {
		return assets.T(lang, "err."+e.Code, e.Args...)
	}
	if e := rowError(err); e != nil {
		return assets.T(lang, "err."+e.Code, e.Args...)
	}
	return assets.T(lang, "err.internal", err)
}

// deviceError turns the device package's errors into ours.
func deviceError(err error) *Error {
	var pe *device.PINError
	switch {
	case errors.As(err, &pe) && pe.TriesLeft == device.TriesUnknown:
		return errf("pin_incorrect_unknown", err)
	case errors.As(err, &pe) && pe.TriesLeft == 1:
		return errf("pin_final", err)
	case errors.As(err, &pe):
		return errf("pin_incorrect", err, pe.TriesLeft)
	case errors.Is(err, device.ErrPINLocked):
		return errf("pin_locked", err)
	case errors.Is(err, device.ErrPINPolicy):
		return errf("pin_policy", err, err)
	case errors.Is(err, device.ErrNoToken):
		return errf("no_token", err, err)
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
	return errf("sign_failed", err, err)
}
