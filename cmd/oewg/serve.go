package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/oewg/oewg/index"
	"github.com/oewg/oewg/web"
)

// serveOptions are the flags of oewg serve.
type serveOptions struct {
	Addr string
}

func (o *serveOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.Addr, "addr", "127.0.0.1:8080", "listen on this host:port (loopback by default: only this machine can connect)")
}

func newServeCommand(g *globals) *cobra.Command {
	o := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Browse the index in a web browser",
		Long: `serve shows the index (--index) in a web browser: search with the
filters of oewg search and facets, each document with its tagged turns,
the position table (with CSV and JSON downloads), each speaker, and
stances by session as a chart. Every page is a plain GET whose URL
reproduces it; no page needs JavaScript.

The server is read-only and listens on loopback unless --addr says
otherwise. It holds the index only while it answers a request, so
oewg ingest can run in another terminal; while it writes, pages say so,
and once it ends they show the new documents. Ctrl-C stops the server.`,
		Example: `  oewg serve
  oewg serve --addr 127.0.0.1:9000 --index session-9-index`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runServe(cmd.Context(), o, g, args, cmd.ErrOrStderr())
		},
	}
	o.AddFlags(cmd.Flags())
	return cmd
}

// Server timeouts: a slow client cannot hold a connection open.
const (
	serveReadTimeout  = 10 * time.Second
	serveWriteTimeout = 60 * time.Second
	serveIdleTimeout  = 60 * time.Second
	serveShutdown     = 5 * time.Second
)

func runServe(ctx context.Context, o *serveOptions, g *globals, args []string, stderr io.Writer) error {
	positions, err := knownPositions(g)
	if err != nil {
		return err
	}
	// An index that is not there is an error now, not on every page; one
	// that an ingest holds is fine.
	if ix, err := openIndexForReading(g); err == nil {
		noteRules(g, ix, stderr)
		ix.Close()
	} else if _, busy := errors.AsType[*index.InUseError](err); !busy {
		return err
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return usagef("--addr %s: %v", o.Addr, err)
	}
	srv := &http.Server{
		Handler:           web.New(web.Options{IndexDir: g.IndexDir, Positions: positions}),
		ReadHeaderTimeout: serveReadTimeout,
		ReadTimeout:       serveReadTimeout,
		WriteTimeout:      serveWriteTimeout,
		IdleTimeout:       serveIdleTimeout,
		MaxHeaderBytes:    16 << 10,
	}
	addr := ln.Addr().(*net.TCPAddr)
	if !addr.IP.IsLoopback() {
		fmt.Fprintf(stderr, "oewg: note: listening on %s, which other machines can reach; the server is read-only but asks no password\n", addr)
	}
	fmt.Fprintf(stderr, "oewg: serving %s at http://%s/ (Ctrl-C stops)\n", g.IndexDir, addr)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), serveShutdown)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("serve: shutting down: %w", err)
	}
	<-done
	return nil
}
