// The function list of the test token (PKCS#11 v2.40 §5.2). Functions the
// token implements are the Go functions exported from main.go; every other
// slot holds a stub with the specification's exact prototype that answers
// CKR_FUNCTION_NOT_SUPPORTED, so no caller ever jumps through a NULL pointer.

#include <stddef.h>
#include "cryptoki.h"
#include "_cgo_export.h"

#define NS(name, ...) \
	static CK_RV ns_##name(__VA_ARGS__) { return SM2TOKEN_CKR_FUNCTION_NOT_SUPPORTED; }

NS(InitToken, CK_SLOT_ID a, CK_UTF8CHAR *b, CK_ULONG c, CK_UTF8CHAR *d)
NS(InitPIN, CK_SESSION_HANDLE a, CK_UTF8CHAR *b, CK_ULONG c)
NS(GetOperationState, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG *c)
NS(SetOperationState, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_OBJECT_HANDLE d, CK_OBJECT_HANDLE e)
NS(CreateObject, CK_SESSION_HANDLE a, CK_ATTRIBUTE *b, CK_ULONG c, CK_OBJECT_HANDLE *d)
NS(CopyObject, CK_SESSION_HANDLE a, CK_OBJECT_HANDLE b, CK_ATTRIBUTE *c, CK_ULONG d, CK_OBJECT_HANDLE *e)
NS(DestroyObject, CK_SESSION_HANDLE a, CK_OBJECT_HANDLE b)
NS(GetObjectSize, CK_SESSION_HANDLE a, CK_OBJECT_HANDLE b, CK_ULONG *c)
NS(SetAttributeValue, CK_SESSION_HANDLE a, CK_OBJECT_HANDLE b, CK_ATTRIBUTE *c, CK_ULONG d)
NS(EncryptInit, CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_OBJECT_HANDLE c)
NS(Encrypt, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e)
NS(EncryptUpdate, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e)
NS(EncryptFinal, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG *c)
NS(DecryptInit, CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_OBJECT_HANDLE c)
NS(Decrypt, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e)
NS(DecryptUpdate, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e)
NS(DecryptFinal, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG *c)
NS(DigestInit, CK_SESSION_HANDLE a, CK_MECHANISM *b)
NS(Digest, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e)
NS(DigestUpdate, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c)
NS(DigestKey, CK_SESSION_HANDLE a, CK_OBJECT_HANDLE b)
NS(DigestFinal, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG *c)
NS(SignUpdate, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c)
NS(SignFinal, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG *c)
NS(SignRecoverInit, CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_OBJECT_HANDLE c)
NS(SignRecover, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e)
NS(VerifyInit, CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_OBJECT_HANDLE c)
NS(Verify, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG e)
NS(VerifyUpdate, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c)
NS(VerifyFinal, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c)
NS(VerifyRecoverInit, CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_OBJECT_HANDLE c)
NS(VerifyRecover, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e)
NS(DigestEncryptUpdate, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e)
NS(DecryptDigestUpdate, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e)
NS(SignEncryptUpdate, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e)
NS(DecryptVerifyUpdate, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c, CK_BYTE *d, CK_ULONG *e)
NS(GenerateKey, CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_ATTRIBUTE *c, CK_ULONG d, CK_OBJECT_HANDLE *e)
NS(GenerateKeyPair, CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_ATTRIBUTE *c, CK_ULONG d, CK_ATTRIBUTE *e, CK_ULONG f,
	CK_OBJECT_HANDLE *g, CK_OBJECT_HANDLE *h)
NS(WrapKey, CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_OBJECT_HANDLE c, CK_OBJECT_HANDLE d, CK_BYTE *e, CK_ULONG *f)
NS(UnwrapKey, CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_OBJECT_HANDLE c, CK_BYTE *d, CK_ULONG e, CK_ATTRIBUTE *f,
	CK_ULONG g, CK_OBJECT_HANDLE *h)
NS(DeriveKey, CK_SESSION_HANDLE a, CK_MECHANISM *b, CK_OBJECT_HANDLE c, CK_ATTRIBUTE *d, CK_ULONG e, CK_OBJECT_HANDLE *f)
NS(SeedRandom, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c)
NS(GenerateRandom, CK_SESSION_HANDLE a, CK_BYTE *b, CK_ULONG c)
NS(GetFunctionStatus, CK_SESSION_HANDLE a)
NS(CancelFunction, CK_SESSION_HANDLE a)
NS(WaitForSlotEvent, CK_FLAGS a, CK_SLOT_ID *b, CK_VOID_PTR c)

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR *out);

#define F(fn) ((CK_FN)(fn))

static CK_FUNCTION_LIST functions = {
	{2, 40},
	F(C_Initialize), F(C_Finalize), F(C_GetInfo), F(C_GetFunctionList),
	F(C_GetSlotList), F(C_GetSlotInfo), F(C_GetTokenInfo), F(C_GetMechanismList), F(C_GetMechanismInfo),
	F(ns_InitToken), F(ns_InitPIN), F(C_SetPIN),
	F(C_OpenSession), F(C_CloseSession), F(C_CloseAllSessions), F(C_GetSessionInfo),
	F(ns_GetOperationState), F(ns_SetOperationState),
	F(C_Login), F(C_Logout),
	F(ns_CreateObject), F(ns_CopyObject), F(ns_DestroyObject), F(ns_GetObjectSize),
	F(C_GetAttributeValue), F(ns_SetAttributeValue),
	F(C_FindObjectsInit), F(C_FindObjects), F(C_FindObjectsFinal),
	F(ns_EncryptInit), F(ns_Encrypt), F(ns_EncryptUpdate), F(ns_EncryptFinal),
	F(ns_DecryptInit), F(ns_Decrypt), F(ns_DecryptUpdate), F(ns_DecryptFinal),
	F(ns_DigestInit), F(ns_Digest), F(ns_DigestUpdate), F(ns_DigestKey), F(ns_DigestFinal),
	F(C_SignInit), F(C_Sign), F(ns_SignUpdate), F(ns_SignFinal), F(ns_SignRecoverInit), F(ns_SignRecover),
	F(ns_VerifyInit), F(ns_Verify), F(ns_VerifyUpdate), F(ns_VerifyFinal), F(ns_VerifyRecoverInit), F(ns_VerifyRecover),
	F(ns_DigestEncryptUpdate), F(ns_DecryptDigestUpdate), F(ns_SignEncryptUpdate), F(ns_DecryptVerifyUpdate),
	F(ns_GenerateKey), F(ns_GenerateKeyPair), F(ns_WrapKey), F(ns_UnwrapKey), F(ns_DeriveKey),
	F(ns_SeedRandom), F(ns_GenerateRandom),
	F(ns_GetFunctionStatus), F(ns_CancelFunction), F(ns_WaitForSlotEvent),
};

// The structure has the 68 slots of v2.40 and no more (the initialiser above
// lists 68 entries, in the specification's order).
_Static_assert(sizeof(CK_FUNCTION_LIST) == sizeof(CK_VERSION) + 6 + 68 * sizeof(CK_FN), "CK_FUNCTION_LIST has 68 functions");

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR *out) {
	if (out == NULL) {
		return 7; // CKR_ARGUMENTS_BAD
	}
	*out = &functions;
	return 0;
}
