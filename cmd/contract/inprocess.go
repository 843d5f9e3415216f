package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// shutdownTimeout bounds how long stopping the in-process sandbox waits
// for requests still running. The suite has finished by then, so what is
// left is at most a connection the HTTP client dialled but never used,
// which Shutdown would otherwise wait up to 5 seconds for.
const shutdownTimeout = time.Second

// startSandbox starts the sandbox on a free loopback port and returns its
// URL and a function that stops it. It requires an API key, like a real
// deployment, so the @api-key-required scenarios run too.
func startSandbox() (string, func() error, error) {
	srv, err := sandbox.New(sandbox.Options{RequireAPIKey: true})
	if err != nil {
		return "", nil, fmt.Errorf("starting the in-process sandbox failed: %w", err)
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listening on a loopback port failed: %w", err)
	}

	httpServer := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = httpServer.Serve(listener) }()

	stop := func() error {
		closeErr := srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		if err := httpServer.Shutdown(ctx); errors.Is(err, context.DeadlineExceeded) {
			return errors.Join(closeErr, httpServer.Close())
		} else if err != nil {
			return errors.Join(closeErr, err)
		}
		return closeErr
	}
	return "http://" + listener.Addr().String(), stop, nil
}
