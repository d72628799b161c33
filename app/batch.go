package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"sealdesk/device"
	"sealdesk/store"
)

// Batches (issue 16 point 4): the finance office stamps forty receipts at the
// end of the day. A batch is one request a document, filed together under one
// batch id: each document keeps its own hash in its own signed approval, its
// own one-time use and its own ledger entries, so the one-approval-one-stamp
// invariant holds per document exactly as for a request alone. What the
// batch shares is the work of the people: one request, one approval act, one
// PIN entry (the key opened once for every signature of the batch).

// BatchPrefix starts every batch id.
const BatchPrefix = "B"

// IsBatch reports whether id names a batch rather than a request.
func IsBatch(id string) bool { return strings.HasPrefix(id, BatchPrefix) }

// RequestBatch files one request for each of docs with the seal, marks and
// reason of in (its DocPath and Doc are ignored), all under a new batch id,
// which it returns with the requests' ids. Every document is read and
// checked first: one that is missing, not a PDF, named twice, or that the
// marks do not fit is refused by name and nothing is filed.
func (w *Workspace) RequestBatch(ctx context.Context, s *Session, in RequestInput, docs []string) (string, []string, error) {
	if len(docs) == 0 {
		return "", nil, errf(CodeBadArgument, nil, "no documents")
	}
	sl, err := w.requestSeal(ctx, s, in.Seal)
	if err != nil {
		return "", nil, err
	}
	batch, err := w.newID(BatchPrefix)
	if err != nil {
		return "", nil, err
	}
	reqs := make([]store.Request, 0, len(docs))
	seen := map[string]string{}
	for _, path := range docs {
		one := in
		one.DocPath, one.Doc = path, nil
		req, err := w.prepareRequest(ctx, s, sl, one)
		if err != nil {
			return "", nil, errf("batch_document", err, filepath.Base(path), asError(err))
		}
		if other, dup := seen[req.DocHash]; dup {
			return "", nil, errf("batch_duplicate", nil, filepath.Base(path), filepath.Base(other))
		}
		seen[req.DocHash] = path
		req.Batch = batch
		reqs = append(reqs, req)
	}
	if err := w.fileRequests(ctx, s, reqs); err != nil {
		return "", nil, err
	}
	ids := make([]string, len(reqs))
	for i, r := range reqs {
		ids[i] = r.ID
	}
	return batch, ids, nil
}

// BatchRequests lists the requests of a batch by document path (a folder's
// documents in name order).
func (w *Workspace) BatchRequests(ctx context.Context, batch string) ([]StampRequest, error) {
	all, err := w.db.Requests(ctx, "")
	if err != nil {
		return nil, err
	}
	var out []StampRequest
	for _, r := range all {
		if r.Batch == batch {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b StampRequest) int {
		return cmp.Or(strings.Compare(a.DocPath, b.DocPath), strings.Compare(a.ID, b.ID))
	})
	if len(out) == 0 {
		return nil, errf("request_missing", nil, batch)
	}
	return out, nil
}

// ApproveBatch approves every pending request of a batch, each with its own
// signed approval; it returns how many it approved. A request it cannot
// approve (withdrawn meanwhile, say) stops it with that request's error.
func (w *Workspace) ApproveBatch(ctx context.Context, s *Session, batch, comment string) (int, error) {
	reqs, err := w.BatchRequests(ctx, batch)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range reqs {
		if r.Status != store.RequestPending {
			continue
		}
		if err := w.Approve(ctx, s, r.ID, comment); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// BatchStampInput stamps the approved requests of a batch into OutDir, a new
// or empty folder.
type BatchStampInput struct {
	Batch  string
	OutDir string
	PIN    string
	Key    string // as StampInput.Key
	// Progress, when set, is called after each document with how many are
	// done of how many.
	Progress func(done, total int)
}

// BatchItem is the outcome for one document of a batch.
type BatchItem struct {
	RequestID string `json:"request"`
	DocName   string `json:"document"`
	OutPath   string `json:"out,omitempty"`
	OutHash   string `json:"out_hash,omitempty"`
	Err       error  `json:"-"`
	Error     string `json:"error,omitempty"` // Err in English, for --json
	Code      string `json:"code,omitempty"`
}

// BatchResult says what a batch stamp did with each document.
type BatchResult struct {
	Batch     string      `json:"batch"`
	Items     []BatchItem `json:"items"`
	Stamped   int         `json:"stamped"`
	Refused   int         `json:"refused"`
	Cancelled bool        `json:"cancelled"` // stopped before the end; the rest stay approved
}

// StampBatch stamps every approved request of a batch with one opening of the
// seal's key. Each document goes through Stamp's every check and its
// reserve–sign–commit on its own: a document changed since approval, or
// refused for any other reason, is refused alone and the rest go on. A key
// that does not open (a wrong PIN) stamps nothing. ctx cancels between
// documents: those not begun stay approved.
func (w *Workspace) StampBatch(ctx context.Context, s *Session, in BatchStampInput) (*BatchResult, error) {
	reqs, err := w.BatchRequests(ctx, in.Batch)
	if err != nil {
		return nil, err
	}
	if err := prepareOutDir(in.OutDir); err != nil {
		return nil, err
	}
	res := &BatchResult{Batch: in.Batch}
	var todo []StampRequest
	signatures := 0
	for _, r := range reqs {
		if r.Status == store.RequestApproved {
			todo = append(todo, r)
			signatures += max(len(r.Placements), 1)
			continue
		}
		// Not approved (pending, rejected, used…): Stamp says why and
		// records the refusal.
		_, err := w.Stamp(ctx, s, StampInput{RequestID: r.ID, OutPath: filepath.Join(in.OutDir, ".unused")})
		res.add(r, nil, err)
	}
	if len(todo) > 0 {
		sl, err := w.db.Seal(ctx, todo[0].SealID)
		if err != nil {
			return nil, err
		}
		if in.Key != "" {
			if _, err := device.ParseURI(in.Key); err != nil {
				return nil, errf("key_uri", err, err)
			}
			sl.KeyRef = in.Key
		} else if e := w.pinFresh(ctx, sl); e != nil {
			return nil, w.refuse(ctx, store.Entry{Actor: actor(s), Kind: EntryStamp, SealID: sl.ID, Detail: "batch " + in.Batch}, e)
		}
		key, err := device.OpenKey(sl.KeyRef, in.PIN, device.OpenOptions{Dir: w.Home, Cert: sl.Cert, Chain: sl.Chain, Signatures: signatures})
		if err != nil {
			e := wrapDevice(err)
			return nil, w.refuse(ctx, store.Entry{Actor: actor(s), Kind: EntryStamp, SealID: sl.ID, Detail: "batch " + in.Batch}, e)
		}
		defer key.Close()
		names := map[string]bool{}
		for i, r := range todo {
			if ctx.Err() != nil {
				res.Cancelled = true
				break
			}
			out := filepath.Join(in.OutDir, uniqueName(names, r.DocName))
			st, err := w.Stamp(context.WithoutCancel(ctx), s, StampInput{RequestID: r.ID, OutPath: out, key: key})
			res.add(r, st, err)
			if in.Progress != nil {
				in.Progress(i+1, len(todo))
			}
		}
	}
	return res, nil
}

func (r *BatchResult) add(req StampRequest, st *StampResult, err error) {
	it := BatchItem{RequestID: req.ID, DocName: req.DocName, Err: err}
	if err != nil {
		it.Error, it.Code = Message(err, "en"), Code(err)
		r.Refused++
	} else {
		it.OutPath, it.OutHash = st.OutPath, st.OutHash
		r.Stamped++
	}
	r.Items = append(r.Items, it)
}

// prepareOutDir accepts a new folder (created) or an empty one: a batch never
// writes among files that were there before.
func prepareOutDir(dir string) error {
	if dir == "" {
		return errf(CodeOutMissing, nil)
	}
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return errf(CodeFileWrite, err, dir, err)
		}
		return nil
	case err != nil:
		return errf("out_dir", err, dir)
	case len(entries) > 0:
		return errf("out_dir", nil, dir)
	}
	return nil
}

// uniqueName keeps two documents of one name from sharing an output file.
func uniqueName(used map[string]bool, name string) string {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	try := name
	for n := 2; used[try]; n++ {
		try = stem + "-" + strconv.Itoa(n) + ext
	}
	used[try] = true
	return try
}

// asError keeps an error of ours as it is (Message renders it in the
// person's language) and makes any other one ours.
func asError(err error) error {
	if Code(err) != "" {
		return err
	}
	return errf(CodeInternal, err, err)
}

// batchSummary is the batch's line for the faces: stamped and refused counts.
func (r *BatchResult) String() string {
	return fmt.Sprintf("batch %s: %d stamped, %d refused", r.Batch, r.Stamped, r.Refused)
}

// BatchDocuments lists what a batch request over the folder dir covers: its
// regular PDF and OFD files, by name (the faces' "every document of this
// folder"). None is not an error; an unreadable folder is.
func BatchDocuments(dir string) ([]string, error) {
	if e := checkFolder(dir); e != nil {
		return nil, e
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, errf(CodeFileRead, err, dir, err)
	}
	var out []string
	for _, e := range entries {
		switch strings.ToLower(filepath.Ext(e.Name())) {
		case ".pdf", ".ofd":
			if e.Type().IsRegular() {
				out = append(out, filepath.Join(dir, e.Name()))
			}
		}
	}
	slices.Sort(out)
	return out, nil
}
