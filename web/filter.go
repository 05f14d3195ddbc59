package web

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/pipeline"
)

// filterParams are the URL parameters of the filters of oewg search, in
// the order of its flags.
var filterParams = []string{"speaker", "position", "stance", "kind", "process", "session", "from", "to", "role"}

// list reads a parameter given repeatedly or comma-separated.
func list(v url.Values, name string) []string {
	var out []string
	for _, s := range v[name] {
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// parseFilter checks the filter parameters (pipeline.ParseFilter).
func (h *Handler) parseFilter(v url.Values) (index.Filter, error) {
	spec := pipeline.FilterSpec{
		Speakers: list(v, "speaker"), Positions: list(v, "position"), Roles: list(v, "role"),
		Stance: strings.TrimSpace(v.Get("stance")), Kind: strings.TrimSpace(v.Get("kind")),
		Process: strings.TrimSpace(v.Get("process")),
		From:    strings.TrimSpace(v.Get("from")), To: strings.TrimSpace(v.Get("to")),
	}
	if s := strings.TrimSpace(v.Get("session")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return index.Filter{}, badf("session %q: want a session number, 1 or more", s)
		}
		spec.Session = n
	}
	f, err := pipeline.ParseFilter(spec, h.opt.Positions)
	if fe, ok := errors.AsType[*pipeline.FilterError](err); ok {
		// NOTE: its message names the command's flag (--speaker); here
		// the same name is a field of the form.
		return f, badRequest{strings.TrimPrefix(fe.Error(), "--")}
	}
	return f, err
}

func isFilterError(err error) bool {
	_, ok := errors.AsType[*pipeline.FilterError](err)
	return ok
}

// filterValues keeps only the filter parameters of v, for links that
// carry the filters to another page.
func filterValues(v url.Values) url.Values {
	out := url.Values{}
	for _, k := range filterParams {
		for _, s := range v[k] {
			if s != "" {
				out.Add(k, s)
			}
		}
	}
	return out
}

// with returns a copy of v with name set to value (page reset).
func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	out.Del("page")
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			out.Del(kv[i])
		} else {
			out.Set(kv[i], kv[i+1])
		}
	}
	return out
}

// href is path with the query v.
func href(path string, v url.Values) string {
	if q := v.Encode(); q != "" {
		return path + "?" + q
	}
	return path
}

// docHref links to a document, or one of its segments (seq > 0).
func docHref(doc string, seq int) string {
	h := "/doc/" + url.PathEscape(doc)
	if seq > 0 {
		h += "#s" + strconv.Itoa(seq)
	}
	return h
}

func speakerHref(key string) string { return "/speaker/" + url.PathEscape(key) }
