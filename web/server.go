package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/oewg/oewg/index"
)

// Limits on what a request may ask for.
const (
	// MaxQuery is the longest query, in bytes.
	MaxQuery = 500
	// MaxPageSize is the most hits a search page shows.
	MaxPageSize = 100
	// maxFrom bounds how deep paging goes (bleve collects From+Size hits).
	maxFrom = 10000
)

// CSP is the Content-Security-Policy of every response: no script at all,
// styles only inline, images only from this server or data: URLs.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"

// Options configure a Handler.
type Options struct {
	// IndexDir is the index folder.
	IndexDir string
	// Positions are the position ids of the rules, in column order
	// (pipeline.PositionIDs).
	Positions []string
	// LockTimeout bounds the wait for the index while a writer holds it;
	// default 500ms.
	LockTimeout time.Duration
}

// Handler serves the pages. It is safe for concurrent use.
type Handler struct {
	opt Options
	mux *http.ServeMux

	mu    sync.Mutex
	ix    *index.Index // open while users > 0
	users int
}

// New returns a Handler over the index in o.IndexDir.
func New(o Options) *Handler {
	if o.LockTimeout <= 0 {
		o.LockTimeout = 500 * time.Millisecond
	}
	h := &Handler{opt: o, mux: http.NewServeMux()}
	h.mux.HandleFunc("/{$}", h.search)
	h.mux.HandleFunc("/search", h.search)
	h.mux.HandleFunc("/docs", h.documents)
	h.mux.HandleFunc("/doc/{id}", h.document)
	h.mux.HandleFunc("/positions", h.positions)
	h.mux.HandleFunc("/positions.csv", h.positionsFile)
	h.mux.HandleFunc("/positions.json", h.positionsFile)
	h.mux.HandleFunc("/speakers", h.speakers)
	h.mux.HandleFunc("/speaker/{key}", h.speaker)
	h.mux.HandleFunc("/compare", h.compare)
	h.mux.HandleFunc("/compare/speakers", h.compareSpeakers)
	return h
}

// ServeHTTP sets the safety headers, refuses anything but GET and HEAD,
// and serves the page.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", CSP)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "no-referrer")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		h.fail(w, r, http.StatusMethodNotAllowed, "this server is read-only: only GET requests are served")
		return
	}
	h.mux.ServeHTTP(w, r)
}

// acquire opens the index, or shares the one open for other requests;
// release closes it when the last one is done.
//
// NOTE: a reader takes bolt's shared lock on each shard and a writer
// (oewg ingest) the exclusive one, so an index kept open would keep every
// ingest out. Held only while requests run, the lock lets an ingest in
// between requests (it waits up to a second for it), and each request
// sees what the last ingest committed, without watching files.
func (h *Handler) acquire() (*index.Index, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.ix == nil {
		ix, err := index.OpenReadOnly(h.opt.IndexDir, index.Options{Timeout: h.opt.LockTimeout})
		if err != nil {
			return nil, err
		}
		h.ix = ix
	}
	h.users++
	return h.ix, nil
}

func (h *Handler) release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.users--
	if h.users == 0 && h.ix != nil {
		h.ix.Close()
		h.ix = nil
	}
}

// withIndex runs fn with the open index; an index that cannot be opened
// is an error page.
func (h *Handler) withIndex(w http.ResponseWriter, r *http.Request, fn func(context.Context, *index.Index) error) {
	ix, err := h.acquire()
	if err != nil {
		h.indexError(w, r, err)
		return
	}
	defer h.release()
	if err := fn(r.Context(), ix); err != nil {
		h.indexError(w, r, err)
	}
}

// badRequest is an error in what the request asked: a 400 page.
type badRequest struct{ msg string }

func (e badRequest) Error() string { return e.msg }

func badf(format string, args ...any) error { return badRequest{fmt.Sprintf(format, args...)} }

// notFound is a 404 page.
type notFound struct{ msg string }

func (e notFound) Error() string { return e.msg }

func (h *Handler) indexError(w http.ResponseWriter, r *http.Request, err error) {
	var inUse *index.InUseError
	switch {
	case errors.As(err, &inUse):
		w.Header().Set("Retry-After", "5")
		h.fail(w, r, http.StatusServiceUnavailable, "the index is being updated ("+err.Error()+"); the page will show the new documents when the ingest ends — reload in a moment")
	case errors.Is(err, index.ErrNotFound):
		h.fail(w, r, http.StatusServiceUnavailable, err.Error())
	case errors.As(err, new(badRequest)), errors.As(err, new(*index.QueryError)), isFilterError(err):
		h.fail(w, r, http.StatusBadRequest, err.Error())
	case errors.As(err, new(notFound)):
		h.fail(w, r, http.StatusNotFound, err.Error())
	case errors.Is(err, context.Canceled):
		// the client went away
	default:
		h.fail(w, r, http.StatusInternalServerError, err.Error())
	}
}

func (h *Handler) fail(w http.ResponseWriter, r *http.Request, code int, msg string) {
	w.Header().Set("Cache-Control", "no-store")
	h.render(w, code, "error", page{Title: http.StatusText(code), Data: msg, Path: r.URL.Path})
}
