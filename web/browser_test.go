package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// hookAlert runs before any script of a page: it counts calls to alert,
// confirm and prompt, which no page may make.
const hookAlert = `window.__alerts = 0;
window.alert = window.confirm = window.prompt = function () { window.__alerts++; };`

// TestBrowser drives headless Chromium through the pages as a reader
// does: type a query, click a facet, open the position table, follow a
// cell's evidence to a document; and opens a document whose text holds
// <script> and onerror= to check that nothing runs. Screenshots go to a
// temporary folder (logged), and to $OEWG_SCREENSHOTS if set.
func TestBrowser(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not on PATH; install it (apt-get install chromium) to run the browser test")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	srv := newServer(t)
	shots, err := os.MkdirTemp("", "oewg-screenshots")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", shots)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.WindowSize(1100, 800))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()

	var dialogs atomic.Int32
	chromedp.ListenTarget(ctx, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			dialogs.Add(1)
		}
	})
	shot := func(name string) chromedp.Action {
		return chromedp.ActionFunc(func(ctx context.Context) error {
			var buf []byte
			if err := chromedp.CaptureScreenshot(&buf).Do(ctx); err != nil {
				return err
			}
			if dir := os.Getenv("OEWG_SCREENSHOTS"); dir != "" {
				if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
					return err
				}
			}
			return os.WriteFile(filepath.Join(shots, name+".png"), buf, 0o644)
		})
	}
	noAlerts := func(where string) chromedp.Action {
		return chromedp.ActionFunc(func(ctx context.Context) error {
			var n int
			if err := chromedp.Evaluate(`window.__alerts`, &n).Do(ctx); err != nil {
				return err
			}
			if n != 0 || dialogs.Load() != 0 {
				t.Errorf("%s: alert called %d times, %d dialogs", where, n, dialogs.Load())
			}
			return nil
		})
	}
	var loc, text string
	// waitURL waits until the page's address holds want: a click that
	// navigates returns before the new page is there.
	waitURL := func(want string) chromedp.Action {
		return chromedp.ActionFunc(func(ctx context.Context) error {
			var at string
			for range 80 {
				if err := chromedp.Location(&at).Do(ctx); err == nil && strings.Contains(at, want) {
					return nil
				}
				time.Sleep(250 * time.Millisecond)
			}
			return fmt.Errorf("the address never held %q (last %q)", want, at)
		})
	}
	check := func(what, got, want string) {
		t.Helper()
		if !strings.Contains(got, want) {
			t.Errorf("%s: %q lacks %q", what, got, want)
		}
	}

	// Search: type a query, submit, click a speaker facet.
	err = chromedp.Run(ctx,
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(hookAlert).Do(ctx)
			return err
		}),
		chromedp.Navigate(srv.URL+"/search"),
		chromedp.WaitVisible(`#q`, chromedp.ByID),
		chromedp.SendKeys(`#q`, "capacity", chromedp.ByID),
		chromedp.Click(`button[type=submit]`, chromedp.ByQuery),
		// NOTE: /search already lists hits; wait for the new page's URL.
		waitURL("q=capacity"),
		chromedp.WaitVisible(`ol.hits`, chromedp.ByQuery),
		chromedp.Location(&loc),
		shot("search"),
	)
	if err != nil {
		t.Fatal(err)
	}
	check("search URL", loc, "q=capacity")
	err = chromedp.Run(ctx,
		chromedp.Click(`a.facet-speaker`, chromedp.ByQuery),
		waitURL("speaker="),
		chromedp.WaitVisible(`ol.hits`, chromedp.ByQuery),
		chromedp.Location(&loc),
		chromedp.Text(`main`, &text, chromedp.ByQuery),
		noAlerts("search"),
	)
	if err != nil {
		t.Fatal(err)
	}
	check("facet URL", loc, "speaker=")
	check("facet page", text, "Filters: speaker=")

	// Positions: follow a cell's evidence to a segment of a document.
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/positions"),
		chromedp.WaitVisible(`table`, chromedp.ByQuery),
		shot("positions"),
		chromedp.Click(`a.evidence`, chromedp.ByQuery),
		chromedp.WaitVisible(`a.hit`, chromedp.ByQuery),
		chromedp.Location(&loc),
	)
	if err != nil {
		t.Fatal(err)
	}
	check("evidence URL", loc, "position=")
	err = chromedp.Run(ctx,
		chromedp.Click(`a.hit`, chromedp.ByQuery),
		chromedp.WaitVisible(`section.seg`, chromedp.ByQuery),
		chromedp.Location(&loc),
		chromedp.Text(`main`, &text, chromedp.ByQuery),
		shot("document"),
		noAlerts("document"),
	)
	if err != nil {
		t.Fatal(err)
	}
	check("document URL", loc, "/doc/")
	check("document URL", loc, "#s")
	check("document page", text, "speaker by")

	// A document whose text tries to run script shows it as text.
	var side, sideTo string
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/docs"),
		chromedp.Click(`a[href^="/doc/kenya-evil"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`section.seg`, chromedp.ByQuery),
		chromedp.Text(`main`, &text, chromedp.ByQuery),
		shot("document-escaped"),
		noAlerts("evil document"),
		chromedp.Navigate(srv.URL+"/speaker/KEN"),
		chromedp.WaitVisible(`h1`, chromedp.ByQuery),
		shot("speaker"),
		noAlerts("speaker"),
		chromedp.Navigate(srv.URL+"/compare"),
		chromedp.WaitVisible(`svg`, chromedp.ByQuery),
		shot("compare"),
		// Side by side: type two speakers into the form, submit, and
		// follow a cell to its evidence.
		chromedp.Navigate(srv.URL+"/compare/speakers"),
		chromedp.SendKeys(`#f-speakers`, "Kenya, IDN", chromedp.ByQuery),
		chromedp.Submit(`#f-speakers`, chromedp.ByQuery),
		chromedp.WaitVisible(`td.cell a.evidence`, chromedp.ByQuery),
		chromedp.Text(`thead`, &side, chromedp.ByQuery),
		shot("side"),
		chromedp.Click(`td.cell a.evidence`, chromedp.ByQuery),
		chromedp.WaitVisible(`#results, .hits, main h1`, chromedp.ByQuery),
		chromedp.Location(&sideTo),
	)
	if err != nil {
		t.Fatal(err)
	}
	check("evil document", text, "<script>alert(1)</script>")
	check("evil document", text, "<img src=x onerror=alert(1)>")
	check("side by side", side, "Kenya")
	check("side by side", side, "Indonesia")
	if !strings.Contains(sideTo, "/search?") || !strings.Contains(sideTo, "position=") {
		t.Errorf("a side-by-side cell led to %s, not to its evidence", sideTo)
	}
}
