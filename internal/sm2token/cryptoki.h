/*
 * The few PKCS#11 v2.40 declarations the test token needs, written for this
 * module from the specification (§3 types, §4 structures, §5 function list).
 * Linux/amd64 layout: CK_ULONG is unsigned long, structures unpacked.
 */
#ifndef SEALDESK_SM2TOKEN_CRYPTOKI_H
#define SEALDESK_SM2TOKEN_CRYPTOKI_H

typedef unsigned char CK_BYTE;
typedef unsigned char CK_UTF8CHAR;
typedef unsigned char CK_BBOOL;
typedef unsigned long CK_ULONG;
typedef CK_ULONG CK_RV;
typedef CK_ULONG CK_FLAGS;
typedef CK_ULONG CK_SLOT_ID;
typedef CK_ULONG CK_SESSION_HANDLE;
typedef CK_ULONG CK_OBJECT_HANDLE;
typedef CK_ULONG CK_USER_TYPE;
typedef CK_ULONG CK_MECHANISM_TYPE;
typedef CK_ULONG CK_ATTRIBUTE_TYPE;
typedef CK_ULONG CK_NOTIFICATION;
typedef void *CK_VOID_PTR;

typedef struct {
	CK_BYTE major;
	CK_BYTE minor;
} CK_VERSION;

typedef struct {
	CK_VERSION cryptokiVersion;
	CK_UTF8CHAR manufacturerID[32];
	CK_FLAGS flags;
	CK_UTF8CHAR libraryDescription[32];
	CK_VERSION libraryVersion;
} CK_INFO;

typedef struct {
	CK_UTF8CHAR slotDescription[64];
	CK_UTF8CHAR manufacturerID[32];
	CK_FLAGS flags;
	CK_VERSION hardwareVersion;
	CK_VERSION firmwareVersion;
} CK_SLOT_INFO;

typedef struct {
	CK_UTF8CHAR label[32];
	CK_UTF8CHAR manufacturerID[32];
	CK_UTF8CHAR model[16];
	CK_BYTE serialNumber[16];
	CK_FLAGS flags;
	CK_ULONG ulMaxSessionCount;
	CK_ULONG ulSessionCount;
	CK_ULONG ulMaxRwSessionCount;
	CK_ULONG ulRwSessionCount;
	CK_ULONG ulMaxPinLen;
	CK_ULONG ulMinPinLen;
	CK_ULONG ulTotalPublicMemory;
	CK_ULONG ulFreePublicMemory;
	CK_ULONG ulTotalPrivateMemory;
	CK_ULONG ulFreePrivateMemory;
	CK_VERSION hardwareVersion;
	CK_VERSION firmwareVersion;
	CK_BYTE utcTime[16];
} CK_TOKEN_INFO;

typedef struct {
	CK_SLOT_ID slotID;
	CK_ULONG state;
	CK_FLAGS flags;
	CK_ULONG ulDeviceError;
} CK_SESSION_INFO;

typedef struct {
	CK_ATTRIBUTE_TYPE type;
	CK_VOID_PTR pValue;
	CK_ULONG ulValueLen;
} CK_ATTRIBUTE;

typedef struct {
	CK_MECHANISM_TYPE mechanism;
	CK_VOID_PTR pParameter;
	CK_ULONG ulParameterLen;
} CK_MECHANISM;

typedef struct {
	CK_ULONG ulMinKeySize;
	CK_ULONG ulMaxKeySize;
	CK_FLAGS flags;
} CK_MECHANISM_INFO;

#define SM2TOKEN_CKR_FUNCTION_NOT_SUPPORTED 0x54UL

/*
 * CK_FUNCTION_LIST (PKCS#11 v2.40 §5.2, C_GetFunctionList): the version, then
 * the 68 function pointers in the order of the specification. The slots are
 * typed generically here; each points at a function defined with the exact
 * prototype of the specification (sm2token.c), which is what the caller calls
 * it as.
 */
typedef CK_RV (*CK_FN)(void);

typedef struct CK_FUNCTION_LIST {
	CK_VERSION version;
	CK_FN C_Initialize;
	CK_FN C_Finalize;
	CK_FN C_GetInfo;
	CK_FN C_GetFunctionList;
	CK_FN C_GetSlotList;
	CK_FN C_GetSlotInfo;
	CK_FN C_GetTokenInfo;
	CK_FN C_GetMechanismList;
	CK_FN C_GetMechanismInfo;
	CK_FN C_InitToken;
	CK_FN C_InitPIN;
	CK_FN C_SetPIN;
	CK_FN C_OpenSession;
	CK_FN C_CloseSession;
	CK_FN C_CloseAllSessions;
	CK_FN C_GetSessionInfo;
	CK_FN C_GetOperationState;
	CK_FN C_SetOperationState;
	CK_FN C_Login;
	CK_FN C_Logout;
	CK_FN C_CreateObject;
	CK_FN C_CopyObject;
	CK_FN C_DestroyObject;
	CK_FN C_GetObjectSize;
	CK_FN C_GetAttributeValue;
	CK_FN C_SetAttributeValue;
	CK_FN C_FindObjectsInit;
	CK_FN C_FindObjects;
	CK_FN C_FindObjectsFinal;
	CK_FN C_EncryptInit;
	CK_FN C_Encrypt;
	CK_FN C_EncryptUpdate;
	CK_FN C_EncryptFinal;
	CK_FN C_DecryptInit;
	CK_FN C_Decrypt;
	CK_FN C_DecryptUpdate;
	CK_FN C_DecryptFinal;
	CK_FN C_DigestInit;
	CK_FN C_Digest;
	CK_FN C_DigestUpdate;
	CK_FN C_DigestKey;
	CK_FN C_DigestFinal;
	CK_FN C_SignInit;
	CK_FN C_Sign;
	CK_FN C_SignUpdate;
	CK_FN C_SignFinal;
	CK_FN C_SignRecoverInit;
	CK_FN C_SignRecover;
	CK_FN C_VerifyInit;
	CK_FN C_Verify;
	CK_FN C_VerifyUpdate;
	CK_FN C_VerifyFinal;
	CK_FN C_VerifyRecoverInit;
	CK_FN C_VerifyRecover;
	CK_FN C_DigestEncryptUpdate;
	CK_FN C_DecryptDigestUpdate;
	CK_FN C_SignEncryptUpdate;
	CK_FN C_DecryptVerifyUpdate;
	CK_FN C_GenerateKey;
	CK_FN C_GenerateKeyPair;
	CK_FN C_WrapKey;
	CK_FN C_UnwrapKey;
	CK_FN C_DeriveKey;
	CK_FN C_SeedRandom;
	CK_FN C_GenerateRandom;
	CK_FN C_GetFunctionStatus;
	CK_FN C_CancelFunction;
	CK_FN C_WaitForSlotEvent;
} CK_FUNCTION_LIST;

typedef CK_FUNCTION_LIST *CK_FUNCTION_LIST_PTR;

#endif
