// Command sm2token is a PKCS#11 v2.40 module for tests only: one slot, one
// token holding an SM2 key pair and its certificate, signing with the vendor
// mechanism CKM_SM2_SIGN over a caller-made e (0x80008104, REFERENCE §5) and
// answering raw r‖s as many Chinese USB keys do. It exists because SoftHSM2
// cannot make SM2 signatures, and lets the tests drive device's SM2 path
// through the real C interface: dlopen, C_GetFunctionList, C_Login's PIN
// counter and flags, C_Sign.
//
// The tests build it with `go build -buildmode=c-shared` into a temporary
// folder (package tokentest does that); it is never shipped and nothing
// imports it. Its token is described by token.json in the folder
// $SEALDESK_SM2TOKEN_DIR names (read at C_Initialize; without the variable the
// slot is empty). Wrong PINs are counted in that file: after max_tries the PIN
// is locked for good, even for the right PIN, as on a real key.
package main

/*
#include <stdlib.h>
#include "cryptoki.h"
*/
import "C"

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/binary"
	"sync"
	"unsafe"

	"github.com/emmansun/gmsm/sm2"
)

func main() {}

// PKCS#11 v2.40 numbers used here (pkcs11t.h values, written out from the spec).
const (
	ckrOK                       = 0x000
	ckrSlotIDInvalid            = 0x003
	ckrGeneralError             = 0x005
	ckrArgumentsBad             = 0x007
	ckrAttributeSensitive       = 0x011
	ckrAttributeTypeInvalid     = 0x012
	ckrDataLenRange             = 0x021
	ckrKeyHandleInvalid         = 0x060
	ckrMechanismInvalid         = 0x070
	ckrObjectHandleInvalid      = 0x082
	ckrOperationActive          = 0x090
	ckrOperationNotInitialized  = 0x091
	ckrPINIncorrect             = 0x0a0
	ckrPINLenRange              = 0x0a2
	ckrPINLocked                = 0x0a4
	ckrSessionHandleInvalid     = 0x0b3
	ckrSessionParallelNotSupp   = 0x0b4
	ckrSessionReadOnly          = 0x0b5
	ckrTokenNotPresent          = 0x0e0
	ckrUserAlreadyLoggedIn      = 0x100
	ckrUserNotLoggedIn          = 0x101
	ckrUserTypeInvalid          = 0x103
	ckrUserAnotherLoggedIn      = 0x104
	ckrBufferTooSmall           = 0x150
	ckrCryptokiNotInitialized   = 0x190
	ckrCryptokiAlreadyInitiated = 0x191

	ckfTokenPresent    = 0x1
	ckfRemovableDevice = 0x2
	ckfHWSlot          = 0x4

	ckfLoginRequired      = 0x4
	ckfUserPINInitialized = 0x8
	ckfTokenInitialized   = 0x400
	ckfUserPINCountLow    = 0x10000
	ckfUserPINFinalTry    = 0x20000
	ckfUserPINLocked      = 0x40000

	ckfRWSession     = 0x2
	ckfSerialSession = 0x4
	ckfSign          = 0x800

	ckuSO   = 0
	ckuUser = 1

	cksROPublic = 0
	cksROUser   = 1
	cksRWPublic = 2
	cksRWUser   = 3
	cksRWSO     = 4

	ckaClass              = 0x000
	ckaToken              = 0x001
	ckaPrivate            = 0x002
	ckaLabel              = 0x003
	ckaValue              = 0x011
	ckaCertificateType    = 0x080
	ckaIssuer             = 0x081
	ckaKeyType            = 0x100
	ckaSubject            = 0x101
	ckaID                 = 0x102
	ckaSensitive          = 0x103
	ckaEncrypt            = 0x104
	ckaDecrypt            = 0x105
	ckaWrap               = 0x106
	ckaUnwrap             = 0x107
	ckaSign               = 0x108
	ckaVerify             = 0x10a
	ckaDerive             = 0x10c
	ckaExtractable        = 0x162
	ckaLocal              = 0x163
	ckaNeverExtractable   = 0x164
	ckaAlwaysSensitive    = 0x165
	ckaAlwaysAuthenticate = 0x202
	ckaModifiable         = 0x170
	ckaECParams           = 0x180
	ckaECPoint            = 0x181

	ckoCertificate = 1
	ckoPublicKey   = 2
	ckoPrivateKey  = 3
	ckcX509        = 0

	// Vendor numbers of the swpkcs11.h family (REFERENCE §5).
	ckkSM2     = 0x80000004
	ckmSM2Sign = 0x80008104

	unavailable = ^uint(0) // CK_UNAVAILABLE_INFORMATION
	slotID      = 0
	minPIN      = 6
	maxPIN      = 16
)

func ulong(v uint) []byte { return binary.NativeEndian.AppendUint64(nil, uint64(v)) }

func boolean(b bool) []byte {
	if b {
		return []byte{1}
	}
	return []byte{0}
}

type session struct {
	rw      bool
	finding bool
	found   []uint
	signing bool
}

// mod is the module's whole state; every entry point holds mu, so the
// module does its own locking whatever the caller's C_Initialize flags say.
var mod struct {
	mu          sync.Mutex
	initialised bool
	tok         *loaded // nil: the slot is empty
	user, so    bool    // logged in (PKCS#11 login is per token, not per session)
	sessions    map[uint]*session
	next        uint
}

// enter locks the module and checks C_Initialize was called.
func enter() C.CK_RV {
	mod.mu.Lock()
	if !mod.initialised {
		mod.mu.Unlock()
		return ckrCryptokiNotInitialized
	}
	return ckrOK
}

func sess(h C.CK_SESSION_HANDLE) *session { return mod.sessions[uint(h)] }

// pad fills a blank-padded CK_UTF8CHAR field (PKCS#11 v2.40 §3.1).
func pad(p unsafe.Pointer, n int, s string) {
	b := unsafe.Slice((*byte)(p), n)
	for i := range b {
		b[i] = ' '
	}
	copy(b, s)
}

// getenv reads the C environment as it is now. The Go runtime of a c-shared
// library takes its environment from the process's start-up block (what
// follows argv), so os.Getenv misses whatever the host set later with
// setenv(3) — and the tests set the variable for each token they install.
func getenv(name string) string {
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	if v := C.getenv(cs); v != nil {
		return C.GoString(v)
	}
	return ""
}

func goBytes(p *C.CK_UTF8CHAR, n C.CK_ULONG) []byte {
	if p == nil || n == 0 {
		return nil
	}
	return C.GoBytes(unsafe.Pointer(p), C.int(n))
}

//export C_Initialize
func C_Initialize(C.CK_VOID_PTR) C.CK_RV {
	mod.mu.Lock()
	defer mod.mu.Unlock()
	if mod.initialised {
		return ckrCryptokiAlreadyInitiated
	}
	mod.tok = nil
	if dir := getenv(envDir); dir != "" {
		l, err := load(dir)
		if err != nil {
			return ckrGeneralError
		}
		mod.tok = l
	}
	mod.initialised, mod.user, mod.so, mod.sessions, mod.next = true, false, false, map[uint]*session{}, 1
	return ckrOK
}

//export C_Finalize
func C_Finalize(C.CK_VOID_PTR) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	mod.initialised, mod.tok, mod.sessions = false, nil, nil
	return ckrOK
}

//export C_GetInfo
func C_GetInfo(info *C.CK_INFO) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	if info == nil {
		return ckrArgumentsBad
	}
	info.cryptokiVersion = C.CK_VERSION{major: 2, minor: 40}
	pad(unsafe.Pointer(&info.manufacturerID[0]), 32, "SealDesk tests")
	info.flags = 0
	pad(unsafe.Pointer(&info.libraryDescription[0]), 32, "SM2 test token")
	info.libraryVersion = C.CK_VERSION{major: 1, minor: 0}
	return ckrOK
}

//export C_GetSlotList
func C_GetSlotList(present C.CK_BBOOL, list *C.CK_SLOT_ID, count *C.CK_ULONG) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	if count == nil {
		return ckrArgumentsBad
	}
	n := C.CK_ULONG(1)
	if present != 0 && mod.tok == nil {
		n = 0
	}
	switch {
	case list == nil:
	case *count < n:
		*count = n
		return ckrBufferTooSmall
	case n == 1:
		*list = slotID
	}
	*count = n
	return ckrOK
}

//export C_GetSlotInfo
func C_GetSlotInfo(slot C.CK_SLOT_ID, info *C.CK_SLOT_INFO) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	switch {
	case slot != slotID:
		return ckrSlotIDInvalid
	case info == nil:
		return ckrArgumentsBad
	}
	pad(unsafe.Pointer(&info.slotDescription[0]), 64, "SealDesk SM2 test slot")
	pad(unsafe.Pointer(&info.manufacturerID[0]), 32, "SealDesk tests")
	info.flags = ckfRemovableDevice | ckfHWSlot
	if mod.tok != nil {
		info.flags |= ckfTokenPresent
	}
	info.hardwareVersion = C.CK_VERSION{major: 1}
	info.firmwareVersion = C.CK_VERSION{major: 1}
	return ckrOK
}

// pinFlags derives the CK_TOKEN_INFO PIN flags from the failure counter
// (PKCS#11 v2.40 §5.2: count low after a wrong PIN, final try when one is
// left, locked when none is).
func pinFlags(st *state) C.CK_FLAGS {
	switch {
	case st.Failures >= st.MaxTries:
		return ckfUserPINLocked | ckfUserPINCountLow
	case st.Failures == st.MaxTries-1:
		return ckfUserPINFinalTry | ckfUserPINCountLow
	case st.Failures > 0:
		return ckfUserPINCountLow
	}
	return 0
}

//export C_GetTokenInfo
func C_GetTokenInfo(slot C.CK_SLOT_ID, info *C.CK_TOKEN_INFO) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	switch {
	case slot != slotID:
		return ckrSlotIDInvalid
	case mod.tok == nil:
		return ckrTokenNotPresent
	case info == nil:
		return ckrArgumentsBad
	}
	st := &mod.tok.st
	pad(unsafe.Pointer(&info.label[0]), 32, st.Label)
	pad(unsafe.Pointer(&info.manufacturerID[0]), 32, "SealDesk tests")
	pad(unsafe.Pointer(&info.model[0]), 16, "SM2 test token")
	pad(unsafe.Pointer(&info.serialNumber[0]), 16, st.Serial)
	info.flags = ckfLoginRequired | ckfUserPINInitialized | ckfTokenInitialized | pinFlags(st)
	var rw C.CK_ULONG
	for _, s := range mod.sessions {
		if s.rw {
			rw++
		}
	}
	info.ulMaxSessionCount, info.ulSessionCount = 0, C.CK_ULONG(len(mod.sessions)) // 0: CK_EFFECTIVELY_INFINITE
	info.ulMaxRwSessionCount, info.ulRwSessionCount = 0, rw
	info.ulMaxPinLen, info.ulMinPinLen = maxPIN, minPIN
	info.ulTotalPublicMemory, info.ulFreePublicMemory = C.CK_ULONG(unavailable), C.CK_ULONG(unavailable)
	info.ulTotalPrivateMemory, info.ulFreePrivateMemory = C.CK_ULONG(unavailable), C.CK_ULONG(unavailable)
	info.hardwareVersion = C.CK_VERSION{major: 1}
	info.firmwareVersion = C.CK_VERSION{major: 1}
	pad(unsafe.Pointer(&info.utcTime[0]), 16, "")
	return ckrOK
}

//export C_GetMechanismList
func C_GetMechanismList(slot C.CK_SLOT_ID, list *C.CK_MECHANISM_TYPE, count *C.CK_ULONG) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	switch {
	case slot != slotID:
		return ckrSlotIDInvalid
	case mod.tok == nil:
		return ckrTokenNotPresent
	case count == nil:
		return ckrArgumentsBad
	case list != nil && *count < 1:
		*count = 1
		return ckrBufferTooSmall
	case list != nil:
		*list = ckmSM2Sign
	}
	*count = 1
	return ckrOK
}

//export C_GetMechanismInfo
func C_GetMechanismInfo(slot C.CK_SLOT_ID, typ C.CK_MECHANISM_TYPE, info *C.CK_MECHANISM_INFO) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	switch {
	case slot != slotID:
		return ckrSlotIDInvalid
	case mod.tok == nil:
		return ckrTokenNotPresent
	case info == nil:
		return ckrArgumentsBad
	case typ != ckmSM2Sign:
		return ckrMechanismInvalid
	}
	info.ulMinKeySize, info.ulMaxKeySize, info.flags = 256, 256, ckfSign
	return ckrOK
}

// The application pointer and notify callback are not used: this token never
// calls back.
//
//export C_OpenSession
func C_OpenSession(slot C.CK_SLOT_ID, flags C.CK_FLAGS, app, notify C.CK_VOID_PTR, out *C.CK_SESSION_HANDLE) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	switch {
	case slot != slotID:
		return ckrSlotIDInvalid
	case mod.tok == nil:
		return ckrTokenNotPresent
	case out == nil:
		return ckrArgumentsBad
	case flags&ckfSerialSession == 0:
		return ckrSessionParallelNotSupp
	}
	h := mod.next
	mod.next++
	mod.sessions[h] = &session{rw: flags&ckfRWSession != 0}
	*out = C.CK_SESSION_HANDLE(h)
	return ckrOK
}

// closed logs the token out when its last session is gone (PKCS#11 v2.40 §5.6).
func closed() {
	if len(mod.sessions) == 0 {
		mod.user, mod.so = false, false
	}
}

//export C_CloseSession
func C_CloseSession(h C.CK_SESSION_HANDLE) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	if sess(h) == nil {
		return ckrSessionHandleInvalid
	}
	delete(mod.sessions, uint(h))
	closed()
	return ckrOK
}

//export C_CloseAllSessions
func C_CloseAllSessions(slot C.CK_SLOT_ID) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	if slot != slotID {
		return ckrSlotIDInvalid
	}
	clear(mod.sessions)
	closed()
	return ckrOK
}

//export C_GetSessionInfo
func C_GetSessionInfo(h C.CK_SESSION_HANDLE, info *C.CK_SESSION_INFO) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	s := sess(h)
	switch {
	case s == nil:
		return ckrSessionHandleInvalid
	case info == nil:
		return ckrArgumentsBad
	}
	state := cksROPublic
	switch {
	case mod.so:
		state = cksRWSO
	case mod.user && s.rw:
		state = cksRWUser
	case mod.user:
		state = cksROUser
	case s.rw:
		state = cksRWPublic
	}
	info.slotID, info.state, info.ulDeviceError = slotID, C.CK_ULONG(state), 0
	info.flags = ckfSerialSession
	if s.rw {
		info.flags |= ckfRWSession
	}
	return ckrOK
}

// checkUserPIN tries pin against the user PIN, counting a failure in the state
// file; a locked PIN is refused without comparing.
func checkUserPIN(pin []byte) C.CK_RV {
	st := &mod.tok.st
	if st.Failures >= st.MaxTries {
		return ckrPINLocked
	}
	if subtle.ConstantTimeCompare(pin, []byte(st.UserPIN)) != 1 {
		st.Failures++
		if mod.tok.save() != nil {
			return ckrGeneralError
		}
		return ckrPINIncorrect
	}
	if st.Failures != 0 {
		st.Failures = 0
		if mod.tok.save() != nil {
			return ckrGeneralError
		}
	}
	return ckrOK
}

//export C_Login
func C_Login(h C.CK_SESSION_HANDLE, user C.CK_ULONG, pin *C.CK_UTF8CHAR, n C.CK_ULONG) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	if sess(h) == nil {
		return ckrSessionHandleInvalid
	}
	p := goBytes(pin, n)
	switch user {
	case ckuUser:
		switch {
		case mod.user:
			return ckrUserAlreadyLoggedIn
		case mod.so:
			return ckrUserAnotherLoggedIn
		}
		if rv := checkUserPIN(p); rv != ckrOK {
			return rv
		}
		mod.user = true
	case ckuSO:
		switch {
		case mod.so:
			return ckrUserAlreadyLoggedIn
		case mod.user:
			return ckrUserAnotherLoggedIn
		case subtle.ConstantTimeCompare(p, []byte(mod.tok.st.SOPIN)) != 1:
			return ckrPINIncorrect
		}
		mod.so = true
	default:
		return ckrUserTypeInvalid
	}
	return ckrOK
}

//export C_Logout
func C_Logout(h C.CK_SESSION_HANDLE) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	if sess(h) == nil {
		return ckrSessionHandleInvalid
	}
	if !mod.user && !mod.so {
		return ckrUserNotLoggedIn
	}
	mod.user, mod.so = false, false
	for _, s := range mod.sessions {
		s.signing = false // an operation on the private key ends with the login
	}
	return ckrOK
}

//export C_SetPIN
func C_SetPIN(h C.CK_SESSION_HANDLE, oldPIN *C.CK_UTF8CHAR, oldLen C.CK_ULONG, newPIN *C.CK_UTF8CHAR, newLen C.CK_ULONG) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	s := sess(h)
	switch {
	case s == nil:
		return ckrSessionHandleInvalid
	case !s.rw:
		return ckrSessionReadOnly
	case newLen < minPIN || newLen > maxPIN:
		return ckrPINLenRange
	}
	if mod.so {
		if subtle.ConstantTimeCompare(goBytes(oldPIN, oldLen), []byte(mod.tok.st.SOPIN)) != 1 {
			return ckrPINIncorrect
		}
		mod.tok.st.SOPIN = string(goBytes(newPIN, newLen))
	} else {
		if rv := checkUserPIN(goBytes(oldPIN, oldLen)); rv != ckrOK {
			return rv
		}
		mod.tok.st.UserPIN = string(goBytes(newPIN, newLen))
	}
	if mod.tok.save() != nil {
		return ckrGeneralError
	}
	return ckrOK
}

// visible reports whether the session may see the object: the private key
// only after a user login.
func visible(obj uint) bool {
	if obj == objPriv {
		return mod.user
	}
	return mod.tok.attrs(obj) != nil
}

//export C_GetAttributeValue
func C_GetAttributeValue(h C.CK_SESSION_HANDLE, obj C.CK_OBJECT_HANDLE, tmpl *C.CK_ATTRIBUTE, n C.CK_ULONG) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	switch {
	case sess(h) == nil:
		return ckrSessionHandleInvalid
	case !visible(uint(obj)):
		return ckrObjectHandleInvalid
	case tmpl == nil && n > 0:
		return ckrArgumentsBad
	}
	attrs := mod.tok.attrs(uint(obj))
	rv := C.CK_RV(ckrOK)
	// PKCS#11 v2.40 §5.7 C_GetAttributeValue: every entry is answered, the
	// first problem is the return value.
	fail := func(code C.CK_RV) {
		if rv == ckrOK {
			rv = code
		}
	}
	var list []C.CK_ATTRIBUTE
	if n > 0 {
		list = unsafe.Slice(tmpl, n)
	}
	for i := range list {
		a := &list[i]
		v, ok := attrs[uint(a._type)]
		switch {
		case !ok:
			a.ulValueLen = C.CK_ULONG(unavailable)
			fail(ckrAttributeTypeInvalid)
		case v == nil:
			a.ulValueLen = C.CK_ULONG(unavailable)
			fail(ckrAttributeSensitive)
		case a.pValue == nil:
			a.ulValueLen = C.CK_ULONG(len(v))
		case int(a.ulValueLen) < len(v):
			a.ulValueLen = C.CK_ULONG(unavailable)
			fail(ckrBufferTooSmall)
		default:
			copy(unsafe.Slice((*byte)(a.pValue), len(v)), v)
			a.ulValueLen = C.CK_ULONG(len(v))
		}
	}
	return rv
}

//export C_FindObjectsInit
func C_FindObjectsInit(h C.CK_SESSION_HANDLE, tmpl *C.CK_ATTRIBUTE, n C.CK_ULONG) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	s := sess(h)
	switch {
	case s == nil:
		return ckrSessionHandleInvalid
	case s.finding:
		return ckrOperationActive
	case tmpl == nil && n > 0:
		return ckrArgumentsBad
	}
	var want []C.CK_ATTRIBUTE
	if n > 0 {
		want = unsafe.Slice(tmpl, n)
	}
	s.found = nil
	for _, obj := range []uint{objCert, objPub, objPriv} {
		if !visible(obj) {
			continue
		}
		attrs, match := mod.tok.attrs(obj), true
		for _, a := range want {
			v, ok := attrs[uint(a._type)]
			var w []byte
			if a.pValue != nil && a.ulValueLen > 0 {
				w = C.GoBytes(unsafe.Pointer(a.pValue), C.int(a.ulValueLen))
			}
			if !ok || v == nil || !bytes.Equal(v, w) {
				match = false
				break
			}
		}
		if match {
			s.found = append(s.found, obj)
		}
	}
	s.finding = true
	return ckrOK
}

//export C_FindObjects
func C_FindObjects(h C.CK_SESSION_HANDLE, out *C.CK_OBJECT_HANDLE, max C.CK_ULONG, count *C.CK_ULONG) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	s := sess(h)
	switch {
	case s == nil:
		return ckrSessionHandleInvalid
	case !s.finding:
		return ckrOperationNotInitialized
	case count == nil || (out == nil && max > 0):
		return ckrArgumentsBad
	}
	k := min(int(max), len(s.found))
	if k > 0 {
		dst := unsafe.Slice(out, k)
		for i := range k {
			dst[i] = C.CK_OBJECT_HANDLE(s.found[i])
		}
	}
	s.found = s.found[k:]
	*count = C.CK_ULONG(k)
	return ckrOK
}

//export C_FindObjectsFinal
func C_FindObjectsFinal(h C.CK_SESSION_HANDLE) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	s := sess(h)
	switch {
	case s == nil:
		return ckrSessionHandleInvalid
	case !s.finding:
		return ckrOperationNotInitialized
	}
	s.finding, s.found = false, nil
	return ckrOK
}

//export C_SignInit
func C_SignInit(h C.CK_SESSION_HANDLE, mech *C.CK_MECHANISM, key C.CK_OBJECT_HANDLE) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	s := sess(h)
	switch {
	case s == nil:
		return ckrSessionHandleInvalid
	case s.signing:
		return ckrOperationActive
	case mech == nil:
		return ckrArgumentsBad
	case !mod.user:
		return ckrUserNotLoggedIn
	case key != objPriv:
		return ckrKeyHandleInvalid
	case mech.mechanism != ckmSM2Sign:
		return ckrMechanismInvalid
	}
	s.signing = true
	return ckrOK
}

// C_Sign signs e (32 bytes: the caller computed SM3(Z‖M)) with SM2 and
// answers r‖s, 32 bytes each (PKCS#11 v2.40 §2.3.1 ECDSA signature format,
// which the SM2 vendor mechanisms follow). A call without an output buffer
// only reports the length and keeps the operation open (§5.2 "conventions
// for functions returning output in a variable-length buffer").
//
//export C_Sign
func C_Sign(h C.CK_SESSION_HANDLE, data *C.CK_BYTE, n C.CK_ULONG, sig *C.CK_BYTE, sigLen *C.CK_ULONG) C.CK_RV {
	if rv := enter(); rv != ckrOK {
		return rv
	}
	defer mod.mu.Unlock()
	s := sess(h)
	switch {
	case s == nil:
		return ckrSessionHandleInvalid
	case !s.signing:
		return ckrOperationNotInitialized
	case sigLen == nil || data == nil:
		s.signing = false
		return ckrArgumentsBad
	case n != 32:
		s.signing = false
		return ckrDataLenRange
	case sig == nil:
		*sigLen = 64
		return ckrOK
	case *sigLen < 64:
		*sigLen = 64
		return ckrBufferTooSmall
	}
	s.signing = false
	e := C.GoBytes(unsafe.Pointer(data), C.int(n))
	r, ss, err := sm2.Sign(rand.Reader, &mod.tok.priv.PrivateKey, e)
	if err != nil {
		return ckrGeneralError
	}
	out := unsafe.Slice((*byte)(unsafe.Pointer(sig)), 64)
	r.FillBytes(out[:32])
	ss.FillBytes(out[32:])
	*sigLen = 64
	return ckrOK
}
