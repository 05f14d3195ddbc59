package web_test

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/oewg/oewg/classify"
	"github.com/oewg/oewg/corpus"
	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/pipeline"
	"github.com/oewg/oewg/web"
)

// evil is a statement whose text and title try to run script.
const (
	evilText = `Statement by Kenya

Thank you, Chair. <script>alert(1)</script> We support the Programme of Action. <img src=x onerror=alert(1)> Capacity-building should be demand-driven.
`
	evilMeta = "title: \"<script>alert(2)</script>\"\nspeaker: Kenya\ndate: 2024-03-08\nkind: statement\nprocess: OEWG 2021-2025\nsession: 7\nsource: \"javascript:alert(3)\"\n"
)

var (
	buildOnce sync.Once
	builtDir  string
	buildErr  error
)

// testIndex ingests ../examples and the evil statement once for the
// package's tests.
func testIndex(t testing.TB) (dir string, positions []string) {
	rs, err := classify.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	buildOnce.Do(func() {
		tmp, err := os.MkdirTemp("", "oewg-web-test")
		if err != nil {
			buildErr = err
			return
		}
		in := filepath.Join(tmp, "in")
		os.MkdirAll(in, 0o755)
		os.WriteFile(filepath.Join(in, "kenya-evil.txt"), []byte(evilText), 0o644)
		os.WriteFile(filepath.Join(in, "kenya-evil.txt.meta.yaml"), []byte(evilMeta), 0o644)
		// An earlier statement of Kenya's, so that its turns have dates
		// to be ordered by.
		os.WriteFile(filepath.Join(in, "kenya-2019-09-09.txt"), []byte("Statement by Kenya\n\nKenya supports the Programme of Action. Capacity-building must be demand-driven.\n"), 0o644)
		builtDir = filepath.Join(tmp, "ix")
		ix, err := index.Open(builtDir, index.Options{Command: "web test"})
		if err != nil {
			buildErr = err
			return
		}
		defer ix.Close()
		files, errs := pipeline.Collect([]string{"../examples", in})
		if len(errs) > 0 {
			buildErr = errs[0]
			return
		}
		st, err := pipeline.New(pipeline.Options{Rules: rs}).Ingest(context.Background(), ix, files, pipeline.IngestOptions{Workers: 2})
		if err == nil && st.Failed > 0 {
			t.Logf("%d files failed", st.Failed)
		}
		buildErr = err
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtDir, pipeline.PositionIDs(rs)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(filepath.Dir(builtDir))
	}
	os.Exit(code)
}

func newServer(t *testing.T) *httptest.Server {
	dir, positions := testIndex(t)
	srv := httptest.NewServer(web.New(web.Options{IndexDir: dir, Positions: positions}))
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, srv *httptest.Server, method, path string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestPages(t *testing.T) {
	srv := newServer(t)
	for _, tc := range []struct {
		path string
		code int
		want []string // in the body
	}{
		// every page
		{"/", 200, []string{"<h1>Search</h1>", "By speaker"}},
		{"/search?q=demand", 200, []string{"<mark>", "speaker by"}},
		// a source URL is a link, and a javascript: one is neutralised
		{"/search?q=&speaker=KEN&kind=statement", 200, []string{`<a href="#ZgotmplZ" rel="noreferrer">source</a>`}},
		{"/docs", 200, []string{"kenya-evil"}},
		{"/positions", 200, []string{"<table>", "Kenya", `class="evidence"`, "/positions.csv"}},
		{"/positions.csv", 200, []string{"KEN"}},
		{"/positions.json", 200, []string{`"speaker"`}},
		{"/speakers", 200, []string{"Kenya"}},
		{"/speaker/KEN", 200, []string{"Stance by position", "poa"}},
		{"/compare", 200, []string{"<svg", "<rect", "session 7"}},
		{"/compare?by=process", 200, []string{"<svg"}},
		{"/compare/speakers", 200, []string{"Name two or more speakers"}},
		{"/compare/speakers?speakers=Kenya,IDN&position=poa,demand_driven", 200, []string{"<table>", "/speaker/KEN", "Indonesia", "<blockquote>", "in context"}},
		// filters in URLs
		{"/search?q=&speaker=Kenya&position=poa&stance=support", 200, []string{"speaker=Kenya ✕", "Kenya"}},
		{"/search?q=capacity&session=7&kind=statement&from=2024-01-01&to=2024-12-31&role=delegation&size=5", 200, []string{"Segments 1–"}},
		{"/positions?speaker=KEN&position=poa", 200, []string{"Kenya"}},
		// bad requests
		{"/search?q=%22unclosed", 400, []string{"class=\"err\""}},
		{"/search?q=a&speaker=Narnia", 400, []string{"unknown speaker"}},
		{"/search?position=nope", 400, []string{"unknown position"}},
		{"/search?from=2024-13-01", 400, []string{"YYYY-MM-DD"}},
		{"/search?session=x", 400, []string{"session"}},
		{"/search?size=101", 400, []string{"from 1 to 100"}},
		{"/search?q=" + strings.Repeat("a", 501), 400, []string{"limit is 500"}},
		{"/compare?by=speaker", 400, []string{"use session or process"}},
		{"/compare/speakers?speakers=Narnia", 400, []string{"not a speaker oewg knows"}},
		{"/doc/nope", 404, []string{"no document"}},
		{"/speaker/NARNIA", 404, []string{"no segment"}},
	} {
		resp, body := get(t, srv, "GET", tc.path)
		if resp.StatusCode != tc.code {
			t.Errorf("GET %s: %d, want %d\n%s", tc.path, resp.StatusCode, tc.code, body)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s: no %q in the page", tc.path, w)
			}
		}
		if got := resp.Header.Get("Content-Security-Policy"); got != web.CSP {
			t.Errorf("GET %s: Content-Security-Policy %q", tc.path, got)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no nosniff", tc.path)
		}
	}
}

func TestReadOnly(t *testing.T) {
	srv := newServer(t)
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH"} {
		resp, _ := get(t, srv, m, "/search")
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("%s: %d, want 405", m, resp.StatusCode)
		}
		if resp.Header.Get("Content-Security-Policy") != web.CSP {
			t.Errorf("%s: no CSP", m)
		}
	}
}

func TestEscaped(t *testing.T) {
	srv := newServer(t)
	_, docs := get(t, srv, "GET", "/docs")
	i := strings.Index(docs, `href="/doc/kenya-evil`)
	if i < 0 {
		t.Fatalf("no link to the evil document:\n%s", docs)
	}
	link := docs[i+len(`href="`):]
	link = link[:strings.IndexByte(link, '"')]
	for _, path := range []string{link, "/docs", "/search?q=onerror", "/search?q=script", "/speaker/KEN", "/positions"} {
		_, body := get(t, srv, "GET", path)
		for _, bad := range []string{"<script>", "<img"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: %q is not escaped", path, bad)
			}
		}
	}
	_, body := get(t, srv, "GET", link)
	if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(body, "&lt;img src=x onerror=alert(1)&gt;") {
		t.Errorf("%s: the text is not shown escaped:\n%s", link, body)
	}
}

// TestReaderDoesNotBlockWriter: between requests the server holds no lock,
// so an ingest can open the index for writing.
func TestReaderDoesNotBlockWriter(t *testing.T) {
	srv := newServer(t)
	dir, _ := testIndex(t)
	get(t, srv, "GET", "/search?q=capacity")
	ix, err := index.Open(dir, index.Options{Command: "web test writer"})
	if err != nil {
		t.Fatalf("a writer cannot open the index after a request: %v", err)
	}
	// NOTE: a request reads the last committed state (issue 16).
	resp, body := get(t, srv, "GET", "/search?q=capacity")
	ix.Close()
	if resp.StatusCode != 200 || !strings.Contains(strings.ToLower(body), "capacity") {
		t.Errorf("while a writer holds the index: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := get(t, srv, "GET", "/search?q=capacity"); resp.StatusCode != 200 {
		t.Errorf("after the writer: %d", resp.StatusCode)
	}
}

// TestSpeakerPage checks each speaker's page against its turns read one by
// one from the index: the segment and document counts, and the turns
// listed by date (undated last), then document and seq.
func TestSpeakerPage(t *testing.T) {
	srv := newServer(t)
	dir, _ := testIndex(t)
	ix, err := index.OpenReadOnly(dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	own := map[string][]corpus.Segment{}
	err = ix.Segments(context.Background(), index.Filter{}, func(s corpus.Segment) error {
		own[s.Speaker.Key] = append(own[s.Speaker.Key], s)
		return nil
	})
	ix.Close()
	if err != nil || len(own) < 5 {
		t.Fatalf("%d speakers: %v", len(own), err)
	}
	link := regexp.MustCompile(`<div class="seg"><a href="/doc/([^"#]+)#s(\d+)">`)
	for key, segs := range own {
		docs := map[string]bool{}
		for _, s := range segs {
			docs[s.Doc] = true
		}
		slices.SortStableFunc(segs, func(a, b corpus.Segment) int {
			if (a.Date == "") != (b.Date == "") {
				return cmp.Compare(b.Date, a.Date) // undated last
			}
			return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Doc, b.Doc), cmp.Compare(a.Seq, b.Seq))
		})
		var want []string
		for _, s := range segs {
			want = append(want, fmt.Sprintf("%s#%d", s.Doc, s.Seq))
		}
		resp, body := get(t, srv, http.MethodGet, "/speaker/"+url.PathEscape(key))
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", key, resp.StatusCode)
			continue
		}
		if c := fmt.Sprintf("%d segments in %d documents", len(segs), len(docs)); !strings.Contains(body, c) {
			t.Errorf("%s: the page does not say %q", key, c)
		}
		var got []string
		for _, m := range link.FindAllStringSubmatch(body, -1) {
			d, _ := url.PathUnescape(m[1])
			got = append(got, d+"#"+m[2])
		}
		if !slices.Equal(got, want[:min(len(want), 200)]) {
			t.Errorf("%s: turns listed\n%v\nwant\n%v", key, got, want)
		}
	}
}
