package app

// Ledger entry kinds: the Kind of every store.Entry the workflows write, and
// what the readers (retention, the row checks, the audit report, the faces'
// filters) compare against. Nothing else in the product spells a kind as a
// literal; TestEntryKindsHaveOneOwner fails when something does.
//
// A kind, once written, is evidence in a hash-chained ledger: never rename
// one. Keep one constant per line with its comment above it (gofmt then
// aligns nothing, so branches adding kinds merge without conflicts), grouped
// by workflow.
const (
	// EntryLogin is a sign-in, or a refused one.
	EntryLogin = "login"
	// EntryLogout is a sign-out, by the person or by the idle timer.
	EntryLogout = "logout"
	// EntrySettings is a change of the workspace settings.
	EntrySettings = "settings"

	// EntryRequest is a stamp request.
	EntryRequest = "request"
	// EntryRequestExport is a request written to a file for another workstation.
	EntryRequestExport = "request.export"
	// EntryRequestImport is a request (with its approvals) read from such a file.
	EntryRequestImport = "request.import"
	// EntryRequestWithdraw is a request its requester took back.
	EntryRequestWithdraw = "request.withdraw"
	// EntryApprove is an approval; the kind is the decision store.DecisionApprove.
	EntryApprove = "approve"
	// EntryReject is a rejection; the kind is the decision store.DecisionReject.
	EntryReject = "reject"
	// EntryStampStart reserves an approved request before its output is written.
	EntryStampStart = "stamp.start"
	// EntryStamp is a stamp, or a refused or failed one.
	EntryStamp = "stamp"
	// EntryStampRelease gives an approval back after a stamp whose key made no signature (a USB key pulled out).
	EntryStampRelease = "stamp.release"

	// EntryPrintRequest is a request for printed copies.
	EntryPrintRequest = "print.request"
	// EntryPrint is one printed copy.
	EntryPrint = "print"

	// EntrySealMake is a seal made on this workstation.
	EntrySealMake = "seal.make"
	// EntrySealImport is a seal read from a seal file.
	EntrySealImport = "seal.import"
	// EntrySealExport is a seal written to a seal file.
	EntrySealExport = "seal.export"
	// EntrySealSuspend suspends a seal.
	EntrySealSuspend = "seal.suspend"
	// EntrySealResume resumes a suspended seal.
	EntrySealResume = "seal.resume"
	// EntrySealRevoke revokes a seal.
	EntrySealRevoke = "seal.revoke"
	// EntrySealReissue replaces a seal by a new one.
	EntrySealReissue = "seal.reissue"
	// EntrySealBind binds a seal to a key on a USB key.
	EntrySealBind = "seal.bind"
	// EntrySealIssue issues a seal made here to its custodian (发放).
	EntrySealIssue = "seal.issue"
	// EntrySealCollect records that the custodian collected it (领取).
	EntrySealCollect = "seal.collect"
	// EntrySealPIN is a change of a seal's software-key protection PIN by its custodian.
	EntrySealPIN = "seal.pin"

	// EntryGrant lets a user use a seal.
	EntryGrant = "grant"
	// EntryGrantWithdraw withdraws a grant.
	EntryGrantWithdraw = "grant.withdraw"
	// EntryRule sets a seal's approval rule.
	EntryRule = "rule"

	// EntryUserCreate creates a user.
	EntryUserCreate = "user.create"
	// EntryUserPassword sets a user's password.
	EntryUserPassword = "user.password"
	// EntryUserDisable disables a user.
	EntryUserDisable = "user.disable"
	// EntryUserEnable re-enables a user.
	EntryUserEnable = "user.enable"
	// EntryUserUnlock unlocks a user after too many wrong passwords.
	EntryUserUnlock = "user.unlock"
	// EntryUserRecover recovers the administrator through the OS account.
	EntryUserRecover = "user.recover"

	// EntryTrustAdd adds a trusted root.
	EntryTrustAdd = "trust.add"
	// EntryTrustAdopt takes a root over from the trust/ folder, once, on upgrade.
	EntryTrustAdopt = "trust.adopt"

	// EntryLedgerExport writes ledger entries to a file.
	EntryLedgerExport = "ledger.export"
	// EntryLedgerImport reads another workstation's ledger entries.
	EntryLedgerImport = "ledger.import"
	// EntryLedgerArchive moves old entries out to an archive.
	EntryLedgerArchive = "ledger.archive"
	// EntryAuditReport writes an audit report.
	EntryAuditReport = "audit.report"

	// EntryUserCertify certifies the keys users of an older workspace made at sign-in.
	EntryUserCertify = "user.certify"
	// EntryActorsSigned: from this entry on, every act of a user carries that user's signature.
	EntryActorsSigned = "ledger.actors-signed"
	// EntryWorkstationKey moves the workstation key onto a USB key; its DocHash is the new certificate's SM3.
	EntryWorkstationKey = "workstation.key"
)

// EntryKinds returns every kind above, in the order declared (grouped by
// workflow): what the faces offer in a ledger filter, so that no face keeps
// its own, incomplete list (TestEntryKindsListsEveryKind).
func EntryKinds() []string {
	return []string{
		EntryLogin,
		EntryLogout,
		EntrySettings,
		EntryRequest,
		EntryRequestExport,
		EntryRequestImport,
		EntryRequestWithdraw,
		EntryApprove,
		EntryReject,
		EntryStampStart,
		EntryStamp,
		EntryStampRelease,
		EntryPrintRequest,
		EntryPrint,
		EntrySealMake,
		EntrySealImport,
		EntrySealExport,
		EntrySealSuspend,
		EntrySealResume,
		EntrySealRevoke,
		EntrySealReissue,
		EntrySealBind,
		EntrySealIssue,
		EntrySealCollect,
		EntrySealPIN,
		EntryGrant,
		EntryGrantWithdraw,
		EntryRule,
		EntryUserCreate,
		EntryUserPassword,
		EntryUserDisable,
		EntryUserEnable,
		EntryUserUnlock,
		EntryUserRecover,
		EntryTrustAdd,
		EntryTrustAdopt,
		EntryLedgerExport,
		EntryLedgerImport,
		EntryLedgerArchive,
		EntryAuditReport,
		EntryUserCertify,
		EntryWorkstationKey,
		EntryActorsSigned,
	}
}
