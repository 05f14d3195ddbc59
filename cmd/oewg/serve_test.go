package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestServe starts the server on a free port, fetches the search page and
// stops it as Ctrl-C does, by cancelling the context.
func TestServe(t *testing.T) {
	g := testIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	var errb syncBuffer
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, &serveOptions{Addr: "127.0.0.1:0"}, g, nil, &errb) }()
	addr := regexp.MustCompile(`http://[0-9.:]+/`)
	var url string
	for i := 0; i < 100 && url == ""; i++ {
		time.Sleep(20 * time.Millisecond)
		url = addr.FindString(errb.String())
	}
	if url == "" {
		cancel()
		t.Fatalf("no address on stderr: %q (%v)", errb.String(), <-done)
	}
	resp, err := http.Get(url + "search?q=capacity")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<mark>") {
		t.Errorf("search page: %d\n%s", resp.StatusCode, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after Ctrl-C", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after Ctrl-C")
	}
}

func TestServeBadAddr(t *testing.T) {
	g := testIndex(t)
	err := runServe(context.Background(), &serveOptions{Addr: "127.0.0.1:notaport"}, g, nil, io.Discard)
	if !isUsage(err) {
		t.Errorf("err = %v, want a usage error", err)
	}
}

// syncBuffer is a bytes.Buffer that a goroutine writes while a test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
