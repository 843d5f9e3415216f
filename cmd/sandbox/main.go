// Command sandbox serves the Dirty Lemon customers API in memory, for SDK
// tests, CI and QA. See -h for the flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

// run starts the server and blocks until SIGINT or SIGTERM; it returns the
// process exit code.
func run(args []string, stderr io.Writer) int {
	cfg, err := parseFlags(args, osGetenv)
	if errors.Is(err, flag.ErrHelp) {
		usage(defineFlags(&config{}), stderr)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "sandbox: %v\n", err)
		return 2
	}
	logOut := newLogWriter(stderr)
	defer logOut.Close()
	stopGCTuner := startGCTuner()
	defer stopGCTuner()
	logger, err := newLogger(logOut, cfg.logFormat, cfg.logLevel)
	if err != nil {
		fmt.Fprintf(stderr, "sandbox: %v\n", err)
		return 2
	}

	for _, warning := range cfg.warnings {
		logger.Warn(warning)
	}

	// Invalid option values and unreadable fixtures or state files are
	// usage errors like a malformed flag, so they exit 2 too.
	cfg.opts.Logger = logger
	cfg.opts.Version = version
	sb, err := sandbox.New(cfg.opts)
	if err != nil {
		logOut.Flush() // the warnings come before the error
		fmt.Fprintf(stderr, "sandbox: %v\n", err)
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, cfg, sb, logger); err != nil {
		logger.Error("sandbox stopped", "error", err)
		return 1
	}
	return 0
}

// serve listens, reports ready, and on ctx's end drains in-flight requests
// and closes the sandbox, which writes the state file.
func serve(ctx context.Context, cfg *config, sb *sandbox.Server, logger *slog.Logger) error {
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w; choose another --addr", cfg.addr, err)
	}
	srv := newHTTPServer(sb, cfg.timeouts, logger)

	// Request contexts derive from base, which is cancelled when shutdown
	// begins. Long-polls and event streams then end at once instead of
	// holding Shutdown until its timeout, and other requests finish.
	base, cancelBase := context.WithCancel(context.Background())
	defer cancelBase()
	srv.BaseContext = func(net.Listener) context.Context { return base }
	logger.Info("sandbox ready",
		"addr", "http://"+ln.Addr().String(),
		"token_mode", tokenModeLabel(cfg.opts),
		"deterministic", cfg.opts.Deterministic,
		"tenants", tenantsLabel(cfg.opts),
		"admin", !cfg.opts.NoAdmin)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		sb.Close()
		return err
	case <-ctx.Done():
	}

	logger.Info("shutting down", "timeout", cfg.timeouts.shutdown)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.timeouts.shutdown)
	defer cancel()
	cancelBase()
	shutdownErr := srv.Shutdown(shutdownCtx)
	if err := sb.Close(); err != nil {
		return err
	}
	logger.Info("sandbox stopped")
	return shutdownErr
}

// newHTTPServer bounds every phase of a connection so a slow or stalled
// client cannot hold one forever.
func newHTTPServer(h http.Handler, t serverTimeouts, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: t.readHeader,
		ReadTimeout:       t.read,
		WriteTimeout:      t.write,
		IdleTimeout:       t.idle,
		MaxHeaderBytes:    t.maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("invalid --log-level %q: use debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("invalid --log-format %q: use text or json", format)
}

// tokenModeLabel returns the token mode the sandbox uses, which is seeded
// under --deterministic unless the mode is fixed, as the capabilities
// endpoint reports it.
func tokenModeLabel(o sandbox.Options) string {
	if o.Deterministic && o.TokenMode != sandbox.TokenModeFixed {
		return sandbox.TokenModeSeeded
	}
	return o.TokenMode
}

func tenantsLabel(o sandbox.Options) string {
	switch {
	case len(o.APIKeys) > 0:
		return fmt.Sprintf("%d allowed keys", len(o.APIKeys))
	case o.RequireAPIKey:
		return "any key, key required"
	default:
		return "any key, default tenant without one"
	}
}
