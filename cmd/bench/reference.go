package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/dirtylemon/api-sandbox/cmd/bench/refserver"
)

// runReference serves the reference server until SIGINT or SIGTERM.
func runReference(args []string) int {
	fs := flag.NewFlagSet("bench reference", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "host:port to listen on")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))

	listener, err := net.Listen("tcp", *addr)
	if err != nil {
		logger.Error("listen failed", "addr", *addr, "err", err)
		return exitFailed
	}
	srv := &http.Server{Handler: refserver.New(), ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx)
	}()

	logger.Info("reference server ready", "addr", fmt.Sprintf("http://%s", listener.Addr()))
	if err := srv.Serve(listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
		logger.Error("serve failed", "err", err)
		return exitFailed
	}
	logger.Info("reference server stopped")
	return exitOK
}
